// The worker behind `pnpm bench workers-requests`: each request spawns 10 tasks and awaits them
// all, with @sched (`/sched`, through withSessions) or with plain promises (`/plain`). Each task
// yields once to the event loop's microtask queue, so the tasks interleave. The body is the sum
// of the tasks' results, n*10 + 45 for `?n=<n>`, so the bench can check every response.
import { withSessions } from '@sched/runtime-workers';

const TASKS = 10;

const sched = withSessions({
  async fetch(request, _env, _ctx, session) {
    const n = Number(new URL(request.url).searchParams.get('n'));
    const tasks = [];
    for (let i = 0; i < TASKS; i++) {
      tasks.push(
        session.spawn(async ({ yieldNow }) => {
          await yieldNow();
          return n + i;
        }),
      );
    }
    const values = await Promise.all(tasks);
    return new Response(String(values.reduce((a, b) => a + b, 0)));
  },
});

async function plainTask(n, i) {
  await null;
  return n + i;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/sched') return sched.fetch(request, env, ctx);
    if (url.pathname === '/plain') {
      const n = Number(url.searchParams.get('n'));
      const tasks = [];
      for (let i = 0; i < TASKS; i++) tasks.push(plainTask(n, i));
      const values = await Promise.all(tasks);
      return new Response(String(values.reduce((a, b) => a + b, 0)));
    }
    return new Response('ok');
  },
};
