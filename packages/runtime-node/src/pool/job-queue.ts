import { RingQueue } from '@sched/core/host';
import { JOB_QUEUED, JOB_WAITING, type PoolJob } from './pool-job.js';

/**
 * The pool's waiting work and its back-pressure: one FIFO ring per priority rank, a count of
 * every job not yet sent (including jobs waiting for their module's exports, which are held by
 * the module registry), and the callers waiting for room under `maxQueue`.
 *
 * Details: a job can leave the rings without being taken (cancelled while queued): rings are
 * cleaned lazily by {@link peek}, and whoever settles such a job calls {@link discard} to keep the
 * count right.
 * @internal
 */
export class JobQueue {
  readonly #rings: RingQueue<PoolJob>[] = [new RingQueue(), new RingQueue(), new RingQueue()];
  /** Jobs not yet sent: queued in the rings plus held while their module is checked. */
  #count = 0;
  readonly #maxQueue: number;
  #roomWaiters: (() => void)[] = [];
  #closed = false;

  constructor(maxQueue: number) {
    this.#maxQueue = maxQueue;
  }

  /** Jobs waiting to be sent. */
  get count(): number {
    return this.#count;
  }

  /** Most jobs that may wait (`Infinity` for no limit). */
  get maxQueue(): number {
    return this.#maxQueue;
  }

  /** True when a new job would exceed `maxQueue`. */
  get isFull(): boolean {
    return this.#count >= this.#maxQueue;
  }

  /** Queues `job` behind the jobs of its priority. */
  push(job: PoolJob): void {
    job.state = JOB_QUEUED;
    (this.#rings[job.rank] as RingQueue<PoolJob>).push(job);
    this.#count++;
  }

  /** Counts `job`, which waits elsewhere for its module's exports to be known. */
  hold(job: PoolJob): void {
    job.state = JOB_WAITING;
    this.#count++;
  }

  /** A counted job left without being taken (it was settled, or moved from held to queued). */
  discard(): void {
    this.#count--;
  }

  /** Puts jobs a dead worker had not started back at the front of their queues, in submission order. */
  requeue(jobs: PoolJob[]): void {
    jobs.sort((a, b) => b.seq - a.seq);
    for (const job of jobs) {
      job.state = JOB_QUEUED;
      job.worker = undefined;
      job.slot = -1;
      (this.#rings[job.rank] as RingQueue<PoolJob>).unshift(job);
      this.#count++;
    }
  }

  /** Next queued job, most urgent first (dropping settled ones from the front), without removing it. */
  peek(): PoolJob | undefined {
    for (const ring of this.#rings) {
      let job = ring.peek();
      while (job !== undefined && job.state !== JOB_QUEUED) {
        ring.shift();
        job = ring.peek();
      }
      if (job !== undefined) return job;
    }
    return undefined;
  }

  /** Removes `job`, which {@link peek} just returned, to send it. */
  take(job: PoolJob): void {
    (this.#rings[job.rank] as RingQueue<PoolJob>).shift();
    this.#count--;
  }

  /** Empties the rings and returns the jobs still queued, most urgent first. Does not change the count. */
  drainQueued(): PoolJob[] {
    const jobs: PoolJob[] = [];
    for (const ring of this.#rings) for (const job of ring.drainAll()) if (job.state === JOB_QUEUED) jobs.push(job);
    return jobs;
  }

  /** Resolves when there is room for another job (at once if there is, or once closed). */
  whenRoom(): Promise<void> {
    if (!this.isFull || this.#closed) return Promise.resolve();
    return new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Resolves the callers of {@link whenRoom} for whom there is room now. */
  wakeRoomWaiters(): void {
    while (this.#roomWaiters.length > 0 && (!this.isFull || this.#closed)) {
      (this.#roomWaiters.shift() as () => void)();
    }
  }

  /** The pool closed: every caller of {@link whenRoom} resolves (its `run` will be refused). */
  close(): void {
    this.#closed = true;
    this.wakeRoomWaiters();
  }
}
