/**
 * The demo's turns, in rounds: every client runs one turn and the round ends when all have. The
 * clients answer DEVNET_TURNS_PER_CLIENT turns, then DEVNET_TURNS_AFTER_KILL more. Unless
 * --no-kill, the node serving the most sessions is SIGKILLed in the first of those, once one of
 * its sessions has begun to stream (so a reply is cut off midway); the rounds after it show the
 * moved sessions going on.
 */
import {
  DEVNET_KILL_CHUNK_WAIT_MS,
  DEVNET_TURNS_AFTER_KILL,
  DEVNET_TURNS_PER_CLIENT,
} from '../limits.js';
import type { ChildService } from './child-service.js';
import type { RunningClient } from './devnet-client.js';
import { busiestNode, type KilledNode, killNode } from './node-kill.js';

async function runRound(clients: readonly RunningClient[]): Promise<void> {
  await Promise.all(clients.map((client) => client.turn()));
}

/** One round in which `victim` is killed once a session on it streams (or the wait runs out). */
async function roundWithKill(
  clients: readonly RunningClient[],
  victim: ChildService,
  options: DemoOptions,
): Promise<KilledNode> {
  let streaming!: () => void;
  const firstChunk = new Promise<void>((resolve) => {
    streaming = resolve;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, DEVNET_KILL_CHUNK_WAIT_MS);
  });
  // Which sessions are on the victim is read before the round: that is what the kill interrupts.
  const round = Promise.all(
    clients.map((client) => client.turn(client.nodeDid() === victim.did ? streaming : undefined)),
  );
  await Promise.race([firstChunk, waited, round]);
  clearTimeout(timer);
  const killed = killNode(victim, options.cityOf(victim.did), clients);
  options.onKill(killed);
  await round;
  return killed;
}

export interface DemoOptions {
  readonly kill: boolean;
  /** The city each node plays, by did. */
  readonly cityOf: (did: string) => string;
  /** Called the moment the node is killed (the round goes on). */
  readonly onKill: (killed: KilledNode) => void;
}

/** Runs the demo's turns; returns the node it killed, if it killed one. */
export async function runDemoTurns(
  clients: readonly RunningClient[],
  nodes: readonly ChildService[],
  options: DemoOptions,
): Promise<KilledNode | undefined> {
  for (let turn = 0; turn < DEVNET_TURNS_PER_CLIENT; turn += 1) await runRound(clients);
  let killed: KilledNode | undefined;
  const victim = options.kill ? busiestNode(nodes, clients) : undefined;
  for (let turn = 0; turn < DEVNET_TURNS_AFTER_KILL; turn += 1) {
    if (turn === 0 && victim !== undefined) {
      killed = await roundWithKill(clients, victim, options);
    } else {
      await runRound(clients);
    }
  }
  return killed;
}
