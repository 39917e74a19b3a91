/**
 * `echo`: the example agent bundle. It repeats each input back as one chunk and counts turns.
 * A bundle is plain ESM JavaScript whose default export is `{ name, version, init, onTurn }`;
 * it uses only what it is given (the state, the input and the turn context), so it runs the
 * same on any node. Pack it with packAgentDirectory (packages/grid/src/assets).
 */
export default {
  name: 'echo',
  version: '1.0.0',
  init({ sid, config }) {
    const prefix = typeof config?.prefix === 'string' ? config.prefix : 'echo: ';
    return { sid, prefix, turns: 0 };
  },
  onTurn(state, input, context) {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    context.emit({ text: `${state.prefix}${text}`, seq: context.seq });
    return { ...state, turns: state.turns + 1 };
  },
};
