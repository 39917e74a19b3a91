/**
 * Inside a worker: finds the agent an AgentRef names. Built-in agents come from the registry;
 * a bundle's entry (already verified and installed by the node's BundleCache) is imported once
 * per worker and its default export checked to be an agent.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { BUILTIN_AGENTS } from '../agents/builtin-agents.js';
import { type AgentDefinition, checkAgentDefinition } from '../agents/define-agent.js';
import type { InferenceErrorCode } from './inference-error-codes.js';
import type { AgentRef } from './turn-request.js';

export type LoadedAgent = Outcome<AgentDefinition, InferenceErrorCode>;

async function importBundle(entryPath: string): Promise<LoadedAgent> {
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(entryPath).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failWith('agent_load_failed', `cannot import the bundle entry: ${reason}`);
  }
  const checked = checkAgentDefinition(module.default);
  if (!checked.ok) {
    return failWith('agent_load_failed', `the bundle's default export: ${checked.error.message}`);
  }
  return ok(checked.value);
}

export class AgentLoader {
  readonly #bundles = new Map<string, Promise<LoadedAgent>>();

  load(agent: AgentRef): Promise<LoadedAgent> {
    if (agent.kind === 'builtin') {
      const definition = BUILTIN_AGENTS.get(agent.name);
      if (definition !== undefined) return Promise.resolve(ok(definition));
      return Promise.resolve(failWith('agent_unknown', `no built-in agent is named ${agent.name}`));
    }
    if (!isAbsolute(agent.entryPath)) {
      return Promise.resolve(failWith('agent_load_failed', 'a bundle entry path is absolute'));
    }
    const key = `${agent.id}\n${agent.entryPath}`;
    let loading = this.#bundles.get(key);
    if (loading === undefined) {
      loading = importBundle(agent.entryPath);
      this.#bundles.set(key, loading);
      // A failed import is not remembered: the bundle may be installed by the next attempt.
      void loading.then((loaded) => {
        if (!loaded.ok) this.#bundles.delete(key);
      });
    }
    return loading;
  }
}
