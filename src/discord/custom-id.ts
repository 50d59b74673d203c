// Component and modal custom_ids follow one scheme so the router can find the owner without a registry:
//   <command>:<action>[:<arg>...]
// <command> is the slash command whose file handles the component (e.g. `paper`), <action> names what
// to do (`vote`, `page`), args are short ids. Discord caps a custom_id at 100 characters.
export const CUSTOM_ID_MAX = 100;

export interface CustomId {
  command: string;
  action: string;
  args: string[];
}

export function encodeCustomId(command: string, action: string, ...args: Array<string | number>): string {
  const parts = [command, action, ...args.map(String)];
  for (const p of parts) {
    if (p.includes(':')) throw new Error(`custom_id part ${JSON.stringify(p)} contains ':'`);
  }
  const id = parts.join(':');
  if (id.length > CUSTOM_ID_MAX) throw new Error(`custom_id ${JSON.stringify(id)} is longer than ${CUSTOM_ID_MAX}`);
  return id;
}

export function decodeCustomId(id: string): CustomId | null {
  const [command, action, ...args] = id.split(':');
  if (!command || !action) return null;
  return { command, action, args };
}
