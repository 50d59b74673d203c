/** Poll routes: End Poll (POST .../polls/:message/expire) and Get Answer Voters (GET .../answers/:answer). */
import type { EmulatorContext } from './context.ts';
import { Errors } from './http-io.ts';
import { FormErrors, limitParam } from './limits.ts';
import { answerVoters, endPoll, POLL_LIMITS } from './polls.ts';
import type { RestRouter } from './rest-router.ts';
import type { ChannelAccess } from './routes-channels.ts';

export function registerPollRoutes(router: RestRouter, ctx: EmulatorContext, access: ChannelAccess): void {
  const { state } = ctx;
  router
    .post('/channels/:channel/polls/:message/expire', ({ params }) => {
      const { channel } = access.visible(params.channel);
      const record = access.message(channel, params.message);
      const poll = record.message.poll;
      if (!poll) throw Errors.notAPoll();
      // "You cannot end polls from other users."
      if (record.message.author.id !== state.bot.id) throw Errors.notAuthor();
      if (poll.results?.is_finalized) throw Errors.pollExpired();
      endPoll(ctx, record, ctx.state.now());
      return state.messages.render(record, state.bot.id);
    })
    .get('/channels/:channel/polls/:message/answers/:answer', ({ params, query }) => {
      const { channel } = access.readable(params.channel);
      const record = access.message(channel, params.message);
      if (!record.message.poll) throw Errors.unknownMessage();
      const e = new FormErrors();
      const limit = limitParam(e, query.limit, POLL_LIMITS.votersDefault, POLL_LIMITS.votersMax);
      e.throwIfAny();
      return { users: answerVoters(ctx, record, Number(params.answer), query.after, limit) };
    });
}
