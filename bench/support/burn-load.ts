/**
 * Saturating every inference worker of a node: one `burn` session per worker, each sending
 * back-to-back turns of BURN_TURN_MS of CPU until stopped.
 */
import { openSession, type Session } from '@mycel/sdk';

const BURN_TURN_MS = 500;

export interface BurnLoad {
  readonly turns: () => number;
  stop(): Promise<void>;
}

export async function startBurnLoad(coordinatorUrl: string, sessions: number): Promise<BurnLoad> {
  const opened: Session[] = [];
  for (let i = 0; i < sessions; i += 1) {
    opened.push(
      await openSession({
        coordinator: coordinatorUrl,
        agent: 'burn',
        latencyClass: 'batch',
        probeLandmarks: false,
      }),
    );
  }
  let running = true;
  let turns = 0;
  const loops = opened.map(async (session) => {
    while (running) {
      for await (const _chunk of session.send({ ms: BURN_TURN_MS })) {
        // burn reports once at the end of its turn
      }
      turns += 1;
    }
  });
  return {
    turns: () => turns,
    async stop() {
      running = false;
      await Promise.allSettled(loops);
      await Promise.allSettled(opened.map((session) => session.close()));
    },
  };
}
