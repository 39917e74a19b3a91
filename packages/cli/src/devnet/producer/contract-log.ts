/**
 * One coordination contract as the devnet's parties drive it: every event is signed by the party
 * that sends it, chained to the one before, and appended to the federation's contract store,
 * which replays the contract with it and refuses it (storing nothing) if the reducer does. The
 * state the store answers is the only state there is.
 */
import {
  type ContractEventFields,
  type ContractState,
  type ContractTerms,
  type JsonValue,
  type Signer,
  signContractEvent,
} from '@mycel/kernel';
import type { ContractStore } from '@mycel/store';
import { producerFailure } from './producer-failure.js';

type Chained = ContractEventFields extends infer F
  ? F extends { type: infer T }
    ? T extends 'propose'
      ? never
      : Omit<Extract<F, { type: T }>, 'contract' | 'prev' | 'at' | 'by'>
    : never
  : never;

export class ContractLog {
  private constructor(
    private readonly store: ContractStore,
    readonly contract: string,
    private head: string,
    private latest: ContractState,
  ) {}

  static async propose(
    store: ContractStore,
    terms: ContractTerms,
    buyer: Signer,
    atMs: number,
  ): Promise<ContractLog> {
    const event = signContractEvent(
      { type: 'propose', at: new Date(atMs).toISOString(), by: buyer.key.did, terms },
      buyer,
    );
    const appended = await store.appendEvent(event as unknown as JsonValue, atMs);
    if (!appended.ok) throw producerFailure('proposing the contract', appended.error);
    return new ContractLog(store, event.id, event.id, appended.value.state);
  }

  get state(): ContractState {
    return this.latest;
  }

  /** Signs and appends one event after the head; a refusal stops the devnet with its code. */
  async send(fields: Chained, signer: Signer, atMs: number): Promise<ContractState> {
    const event = signContractEvent(
      {
        ...fields,
        contract: this.contract,
        prev: this.head,
        at: new Date(atMs).toISOString(),
        by: signer.key.did,
      } as ContractEventFields,
      signer,
    );
    const appended = await this.store.appendEvent(event as unknown as JsonValue, atMs);
    if (!appended.ok) throw producerFailure(`the contract's ${fields.type} event`, appended.error);
    this.head = event.id;
    this.latest = appended.value.state;
    return this.latest;
  }

  /** The state at a later time: deadlines and challenge windows run on without an event. */
  async stateAt(nowMs: number): Promise<ContractState> {
    const state = await this.store.state(this.contract, nowMs);
    if (!state.ok) throw producerFailure('reading the contract', state.error);
    return state.value;
  }
}
