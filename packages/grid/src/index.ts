/**
 * @mycel/grid public surface (OpenGrid). Everything a caller may use is named here; package.json
 * `exports` blocks deep imports.
 */

// agents
export type { AgentErrorCode } from './agents/agent-error-codes.js';
export { AGENT_ERROR_CODES, AGENT_ERROR_MEANINGS } from './agents/agent-error-codes.js';
export type { AgentTurnErrorCode } from './agents/agent-turn-error.js';
export { AgentTurnError } from './agents/agent-turn-error.js';
export type { BackendConfig } from './agents/backend-spec.js';
export { parseBackendSpec } from './agents/backend-spec.js';
export { BUILTIN_AGENTS } from './agents/builtin-agents.js';
export type { BurnState } from './agents/burn.js';
export { burnAgent } from './agents/burn.js';
export type { ChatState } from './agents/chat.js';
export { chatAgent } from './agents/chat.js';
export type { ChatBackend, ChatMessage, ChatRole } from './agents/chat-backend.js';
export type { AgentDefinition, AgentInitContext, TurnContext } from './agents/define-agent.js';
export {
  checkAgentDefinition,
  checkAgentName,
  checkAgentVersion,
  defineAgent,
} from './agents/define-agent.js';
export type { KnowledgeTracingParameters } from './agents/knowledge-tracing.js';
export {
  afterOpportunity,
  DEFAULT_KNOWLEDGE_TRACING,
  MASTERY_THRESHOLD,
  posteriorLearned,
  predictCorrect,
  traceAnswer,
} from './agents/knowledge-tracing.js';
export { measureJson } from './agents/measure-json.js';
export { createOpenAiBackend } from './agents/openai-backend.js';
export { tutorAgent } from './agents/tutor.js';
export type { TutorQuestion, TutorSkill } from './agents/tutor-questions.js';
export { TUTOR_QUESTIONS, TUTOR_SKILLS, TUTOR_TOPIC } from './agents/tutor-questions.js';
export type { TutorState } from './agents/tutor-state.js';
export type { VoiceState } from './agents/voice.js';
export { voiceAgent } from './agents/voice.js';

// asset plane
export type { AgentBundle, BundleSignature, VerifiedBundle } from './assets/agent-bundle.js';
export { AGENT_MANIFEST_FILE } from './assets/agent-bundle.js';
export type { AssetErrorCode } from './assets/asset-error-codes.js';
export { ASSET_ERROR_CODES, ASSET_ERROR_MEANINGS } from './assets/asset-error-codes.js';
export { assetIdOf, checkAssetId } from './assets/asset-id.js';
export type { AssetStoreOptions } from './assets/asset-store.js';
export { AssetStore } from './assets/asset-store.js';
export type { BundleResolution, FetchBytes, ResolvedBundle } from './assets/bundle-cache.js';
export { BundleCache, bundleAgentRef } from './assets/bundle-cache.js';
export { installBundle } from './assets/install-bundle.js';
export type { PackedBundle } from './assets/pack-agent-directory.js';
export { packAgentDirectory } from './assets/pack-agent-directory.js';
export { verifyAgentBundle } from './assets/verify-agent-bundle.js';

// coordinator
export type { PublishedAgent } from './coordinator/agent-catalog.js';
export { AgentCatalog } from './coordinator/agent-catalog.js';
// --- canopy + federation (coordinator/canopy/) ---
export type { CanopyOptions } from './coordinator/canopy/canopy-options.js';
export { CanopyConfigError } from './coordinator/canopy/canopy-options.js';
export { CANOPY_PATHS, PLACED_BY_HEADER } from './coordinator/canopy/canopy-paths.js';
export type { CanopyPlaced, CanopyView } from './coordinator/canopy/canopy-service.js';
export type {
  CoordinatorCoreOptions,
  CoreEffect,
  OpenedSession,
  OpenRequest,
} from './coordinator/coordinator-core.js';
export { CoordinatorCore } from './coordinator/coordinator-core.js';
export { COORDINATOR_KEY_FILE, loadCoordinatorKey } from './coordinator/coordinator-key.js';
export type { SessionView } from './coordinator/coordinator-routes.js';
export type {
  CoordinatorOptions,
  CoordinatorSnapshot,
  RunningCoordinator,
} from './coordinator/coordinator-server.js';
export { startCoordinator } from './coordinator/coordinator-server.js';
export type {
  FailureDetectorConfig,
  Liveness,
  LivenessEffect,
  LivenessEvent,
  LivenessTransition,
} from './coordinator/failure-detector.js';
export { initialLiveness, livenessTransition } from './coordinator/failure-detector.js';
export { chooseLandmarks, choosePeers } from './coordinator/landmarks.js';
export type { NetworkCoordinate } from './coordinator/network-coordinate.js';
export { predictedRttMs, usableCoordinate } from './coordinator/network-coordinate.js';
export type {
  Attestation,
  NodeRecord,
  NodeState,
  NodeSummary,
} from './coordinator/node-table.js';
export {
  ATTESTATION_RANK,
  classIndexOf,
  NODE_STATES,
  NodeTable,
} from './coordinator/node-table.js';
export type {
  OpenSession,
  OpenSessionError,
  OpenSessionOptions,
  OpenSessionResult,
  PlacedBy,
} from './coordinator/open-session.js';
export type { PlacementChoice, PlacementRequest } from './coordinator/placement.js';
export { chooseNode, placeAndReserve, topCandidates } from './coordinator/placement.js';
// --- placement quality + lying nodes (issue 6, H5) ---
export type {
  Observation,
  PlacementDiscount,
  PlacementDiscountCode,
} from './coordinator/placement-observed.js';
export {
  coordinateExcessMs,
  fitObserver,
  observedRttMs,
  PLACEMENT_DISCOUNT_CODES,
} from './coordinator/placement-observed.js';
export type { Routing, RoutingQuestion } from './coordinator/placement-request.js';
export { sessionEntryOf, sessionRowOf } from './coordinator/session-journal.js';
export type { MoveEffect, ResumeAnswer, ResumeError } from './coordinator/session-moves.js';
export type { SessionEntry, SessionFields, SessionState } from './coordinator/session-registry.js';
export {
  canTransition,
  SESSION_STATES,
  SESSION_TRANSITIONS,
  SessionRegistry,
} from './coordinator/session-registry.js';
export { DEFAULT_PRICE } from './coordinator/settlement/default-price.js';
export { LOG_FILE } from './coordinator/settlement/open-settlement.js';
export type { SettlementErrorCode } from './coordinator/settlement/settlement-error-codes.js';
export { SETTLEMENT_ERROR_CODES } from './coordinator/settlement/settlement-error-codes.js';
export { chunkText } from './gateway/chat-response.js';
// gateway
export type { GatewayDeps, GatewayLogger } from './gateway/register-gateway.js';
export { registerGateway } from './gateway/register-gateway.js';
// inference plane
export { inferenceWorkerExecArgv } from './inference/fork-inference-worker.js';
export type { InferenceErrorCode } from './inference/inference-error-codes.js';
export {
  INFERENCE_ERROR_CODES,
  INFERENCE_ERROR_MEANINGS,
} from './inference/inference-error-codes.js';
export type {
  AgentRef,
  InitOutcome,
  InitRequest,
  TurnOutcome,
  TurnRequest,
  WorkerHealth,
  WorkerState,
} from './inference/turn-request.js';
export type { WorkerPoolOptions } from './inference/worker-pool.js';
export { WorkerPool } from './inference/worker-pool.js';
// limits (every bound, named once)
export * as gridLimits from './limits.js';
// --- colony membership over UDP (membership/) ---
export type { MemberNode, NodeMembershipOptions } from './membership/node-membership.js';
export type {
  MemberStateChange,
  SwimUdpMember,
  SwimUdpOptions,
} from './membership/swim-udp-member.js';
export { acceptDatagram, startSwimUdpMember } from './membership/swim-udp-member.js';
// node daemon
export type { LinkState, LinkStatus } from './node/coordinator-link.js';
export { EpochFence } from './node/epoch-fence.js';
export type { NodeControl } from './node/node-control.js';
export { NODE_CONTROL_FILE, readNodeControl } from './node/node-control.js';
export type { NodeData, NodeDataRequest, NodeSettings } from './node/node-data.js';
export {
  defaultNodeDataDir,
  NODE_BUNDLES_FOLDER,
  NODE_KEY_FILE,
  NODE_SETTINGS_FILE,
  openNodeData,
} from './node/node-data.js';
export type { NodeErrorCode } from './node/node-error-codes.js';
export { NODE_ERROR_CODES, NodeStartError } from './node/node-error-codes.js';
export type { NodeHealth } from './node/node-http.js';
export type { NodeOptions } from './node/node-options.js';
export type { SessionSnapshot } from './node/session-host.js';
export type { AdmissionAnswer } from './node/session-slots.js';
export type {
  AttachSource,
  SettledTurn,
  TurnsEffect,
  TurnsEvent,
  TurnsPhase,
  TurnsStart,
  TurnsState,
  TurnsTransition,
} from './node/session-turns.js';
export {
  attachFailureOf,
  attachSource,
  resumeSeq,
  startTurns,
  transitionTurns,
  turnsFromCheckpoint,
} from './node/session-turns.js';
export type { DrainResult, NodeStatus, RunningNode } from './node/start-node.js';
export { startNode } from './node/start-node.js';
