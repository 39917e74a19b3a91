/**
 * The port an agent uses to reach a language model. The node daemon configures one backend
 * (`--backend openai:<url> --model <name>`); agents see it as `context.backend`.
 */
export type ChatRole = 'system' | 'user' | 'assistant';

export type ChatMessage = { role: ChatRole; content: string };

export interface ChatBackend {
  readonly model: string;
  /**
   * Sends the conversation and streams the reply: `onDelta` gets each piece of text as it
   * arrives; the promise resolves with the whole reply. Failures throw an AgentTurnError with
   * `backend_unavailable` or `backend_error`; an aborted `signal` rejects with its reason.
   */
  complete(
    messages: readonly ChatMessage[],
    onDelta: (text: string) => void,
    signal: AbortSignal,
  ): Promise<string>;
}
