/**
 * @mycel/sim public surface: the deterministic simulator (ARCHITECTURE §3). It drives the real
 * CoordinatorCore, the node turn machine and wire's client session machine on a virtual clock
 * with a seeded PRNG, injects faults, and checks invariants I1–I3 after every step.
 */

export { DurableStore } from './durable-store.js';
export { EventQueue } from './event-queue.js';
export type {
  InvariantId,
  SessionsView,
  Violation,
  WorldView,
} from './invariants.js';
export {
  checkAckEpochs,
  checkDurability,
  checkMoving,
  checkServing,
  checkSession,
  checkSessionState,
} from './invariants.js';
export type { KnownIssue } from './known-issues.js';
export { KNOWN_ISSUES, knownIssueOf } from './known-issues.js';
export * as simLimits from './limits.js';
export type { CallAnswer, Connection, ConnectionHandler, ConnectionKind } from './network.js';
export { Network } from './network.js';
export type { TurnRecord } from './oracle.js';
export { Oracle, ServingIndex, SessionLedger } from './oracle.js';
export { Prng } from './prng.js';
export type { GossipCoordinator, GossipRun } from './scale/canopy-gossip.js';
export { runCanopyGossip } from './scale/canopy-gossip.js';
export { embedCities, nodeCoordinate } from './scale/city-coordinates.js';
// --- scale simulation (issue 6, H5) ---
export type { Placed, SampleNoise } from './scale/city-world.js';
export { CityWorld, DEFAULT_NOISE } from './scale/city-world.js';
export type { TableNode, TablesResult } from './scale/coordinator-tables.js';
export { measureTables } from './scale/coordinator-tables.js';
export type { CoordinateStep, ProbingNode, ProbingOptions } from './scale/probing-nodes.js';
export { ProbingNodes, vivaldiStep } from './scale/probing-nodes.js';
export type { ScaleOptions, ScaleResult } from './scale/scale-run.js';
export { CHURN_AT_MS, runScale } from './scale/scale-run.js';
export type {
  ChurnEvent,
  ChurnKind,
  ChurnOutcome,
  ColonyMember,
  ColonyRun,
} from './scale/swim-colony.js';
export { runColony, SWIM_TICK_MS } from './scale/swim-colony.js';
export { Scheduler } from './scheduler.js';
export type { Counts, FaultKind } from './sim-context.js';
export { FAULT_KINDS } from './sim-context.js';
export type { SimErrorCode, ViolationCode } from './sim-error-codes.js';
export { SIM_ERROR_CODES, SimOptionsError, VIOLATION_CODES } from './sim-error-codes.js';
export type { ParsedOptions } from './sim-options.js';
export { parseSimOptions } from './sim-options.js';
export type { SimOptions, SimResult, SimViolation } from './simulation.js';
export { runSimulation } from './simulation.js';
export type { AgentState, AgentTurn, TurnInput } from './test-agent.js';
export { agentChunks, agentTurn, appliedOf, initialAgentState, SIM_AGENT } from './test-agent.js';
export { Trace } from './trace.js';
export type { WorldOptions } from './world.js';
export { World } from './world.js';
