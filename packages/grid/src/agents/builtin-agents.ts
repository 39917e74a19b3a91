/** The agents every node can run without fetching a bundle, by name. */
import { burnAgent } from './burn.js';
import { chatAgent } from './chat.js';
import type { AgentDefinition } from './define-agent.js';
import { tutorAgent } from './tutor.js';
import { voiceAgent } from './voice.js';

export const BUILTIN_AGENTS: ReadonlyMap<string, AgentDefinition> = new Map<
  string,
  AgentDefinition
>([tutorAgent, voiceAgent, burnAgent, chatAgent].map((agent) => [agent.name, agent]));
