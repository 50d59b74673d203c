/** Gateway discovery, users, the application, its commands, and guild reads. */
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { knownGuild } from './context.ts';
import type { EmulatorContext } from './context.ts';
import { Errors } from './http-io.ts';
import { FormErrors } from './limits.ts';
import type { RestRouter } from './rest-router.ts';
import { channelJSON, guildJSON, memberJSON, roleJSON } from './serialize.ts';

type Obj = Record<string, unknown>;
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function applicationJSON(ctx: EmulatorContext): Obj {
  const { bot } = ctx.state;
  return {
    id: ctx.state.applicationId,
    name: bot.username,
    icon: null,
    description: 'Paperboy (emulated)',
    summary: '',
    type: null,
    hook: true,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    owner: { ...bot, bot: undefined, username: 'owner' },
    team: null,
    bot,
    approximate_guild_count: ctx.state.guilds.size,
    integration_types_config: { 0: {} },
    tags: [],
  };
}

function validateCommands(list: unknown): Obj[] {
  const e = new FormErrors();
  const commands = Array.isArray(list) ? (list as Obj[]) : [];
  if (!Array.isArray(list)) e.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
  if (commands.filter((c) => (c.type ?? 1) === ApplicationCommandType.ChatInput).length > 100) {
    e.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
  const checkOptions = (options: unknown, path: (string | number)[]) => {
    const opts = Array.isArray(options) ? (options as Obj[]) : [];
    if (opts.length > 25) e.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    opts.forEach((o, i) => {
      if (typeof o.name !== 'string' || !NAME.test(o.name) || o.name !== o.name.toLowerCase()) {
        e.add([...path, i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      }
      if (e.required([...path, i, 'description'], o.description))
        e.maxLength([...path, i, 'description'], o.description, 100);
      const choices = Array.isArray(o.choices) ? (o.choices as Obj[]) : [];
      if (choices.length > 25) e.add([...path, i, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      choices.forEach((c, j) => {
        e.maxLength([...path, i, 'choices', j, 'name'], c.name, 100);
        e.maxLength([...path, i, 'choices', j, 'value'], c.value, 100);
      });
      checkOptions(o.options, [...path, i, 'options']);
    });
  };
  commands.forEach((c, i) => {
    const chat = (c.type ?? 1) === ApplicationCommandType.ChatInput;
    if (typeof c.name !== 'string' || !NAME.test(c.name) || (chat && c.name !== c.name.toLowerCase())) {
      e.add([i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    if (chat && e.required([i, 'description'], c.description)) e.maxLength([i, 'description'], c.description, 100);
    checkOptions(c.options, [i, 'options']);
  });
  e.throwIfAny();
  return commands;
}

/** Bulk overwrite: keeps ids of commands with the same name and type, as Discord does. */
function overwrite(
  ctx: EmulatorContext,
  previous: APIApplicationCommand[],
  body: unknown,
  guildId?: string,
): APIApplicationCommand[] {
  const next = validateCommands(body).map((c) => {
    const type = (c.type as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput;
    const old = previous.find((p) => p.name === c.name && p.type === type);
    return {
      default_member_permissions: null,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      description: '',
      ...c,
      type,
      id: old?.id ?? ctx.state.ids.next(),
      application_id: ctx.state.applicationId,
      version: ctx.state.ids.next(),
      ...(guildId ? { guild_id: guildId } : {}),
    } as unknown as APIApplicationCommand;
  });
  previous.splice(0, previous.length, ...next);
  return next;
}

export function registerMetaRoutes(router: RestRouter, ctx: EmulatorContext): void {
  const { state } = ctx;
  const app = (id: string | undefined) => {
    if (id !== state.applicationId) throw Errors.unknownApplication();
  };
  const guildCommands = (id: string) => {
    const list = state.guildCommands.get(id) ?? [];
    state.guildCommands.set(id, list);
    return list;
  };
  router
    .get('/gateway', () => ({ url: ctx.baseUrl.replace(/^http/, 'ws') }), { auth: false })
    .get('/gateway/bot', () => ctx.gateway.botGateway(ctx.baseUrl.replace(/^http/, 'ws')))
    .get('/users/@me', () => state.bot)
    .get(
      '/users/:user',
      ({ params }) =>
        state.users.get(params.user!) ??
        (() => {
          throw Errors.unknownUser();
        })(),
    )
    .get('/applications/@me', () => applicationJSON(ctx))
    .patch('/applications/@me', () => applicationJSON(ctx))
    .get('/oauth2/applications/@me', () => applicationJSON(ctx))
    .get('/applications/:app/commands', ({ params }) => (app(params.app), state.globalCommands))
    .put(
      '/applications/:app/commands',
      ({ params, body }) => (app(params.app), overwrite(ctx, state.globalCommands, body)),
    )
    .get('/applications/:app/guilds/:guild/commands', ({ params }) => {
      app(params.app);
      return guildCommands(knownGuild(state, params.guild).id);
    })
    .put('/applications/:app/guilds/:guild/commands', ({ params, body }) => {
      app(params.app);
      const id = knownGuild(state, params.guild).id;
      return overwrite(ctx, guildCommands(id), body, id);
    })
    .get('/guilds/:guild', ({ params, query }) => {
      const g = knownGuild(state, params.guild);
      return {
        ...guildJSON(g),
        ...(query.with_counts === 'true'
          ? { approximate_member_count: g.members.size, approximate_presence_count: 0 }
          : {}),
      };
    })
    .get('/guilds/:guild/channels', ({ params }) =>
      [...knownGuild(state, params.guild).channels.values()].filter((c) => !c.thread).map((c) => channelJSON(c)),
    )
    .get('/guilds/:guild/roles', ({ params }) => [...knownGuild(state, params.guild).roles.values()].map(roleJSON))
    .get('/guilds/:guild/members/:user', ({ params }) => {
      const g = knownGuild(state, params.guild);
      const id = params.user === '@me' ? state.bot.id : params.user!;
      const m = g.members.get(id);
      if (!m) throw Errors.unknownMember();
      return memberJSON(state, m);
    })
    .get('/guilds/:guild/threads/active', ({ params }) => ({
      threads: [...knownGuild(state, params.guild).channels.values()]
        .filter((c) => c.thread && !c.thread.archived)
        .map((c) => channelJSON(c)),
      members: [],
    }));
}
