/**
 * The node's `--backend openai:<base URL> --model <name>` options, checked once at start-up.
 * Only OpenAI-compatible servers are spoken to (Ollama, llama.cpp, vLLM all serve that API).
 */
import { failWith, type Outcome, ok } from '@mycel/kernel';
import { BACKEND_SPEC_CHARS_MAX } from '../limits.js';
import type { AgentErrorCode } from './agent-error-codes.js';

export interface BackendConfig {
  /** e.g. `http://127.0.0.1:11434/v1`, without a trailing slash. */
  readonly baseUrl: string;
  readonly model: string;
}

const OPENAI_PREFIX = 'openai:';
// Printable ASCII without spaces: what model names look like (`llama3.2:1b`, `org/model-7B`).
const MODEL_NAME_PATTERN = /^[\x21-\x7e]+$/;

export function parseBackendSpec(
  spec: string,
  model: string | undefined,
): Outcome<BackendConfig, AgentErrorCode> {
  if (spec.length > BACKEND_SPEC_CHARS_MAX || !spec.startsWith(OPENAI_PREFIX)) {
    return failWith('backend_spec_invalid', 'a backend is openai:<http(s) base URL>');
  }
  let url: URL;
  try {
    url = new URL(spec.slice(OPENAI_PREFIX.length));
  } catch {
    return failWith('backend_spec_invalid', 'the backend base URL does not parse');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failWith('backend_spec_invalid', 'the backend base URL is http: or https:');
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return failWith('backend_spec_invalid', 'the backend base URL has no query, fragment or user');
  }
  if (
    model === undefined ||
    model.length > BACKEND_SPEC_CHARS_MAX ||
    !MODEL_NAME_PATTERN.test(model)
  ) {
    return failWith('backend_spec_invalid', 'a backend needs a model name (--model NAME)');
  }
  return ok({ baseUrl: url.href.replace(/\/+$/, ''), model });
}
