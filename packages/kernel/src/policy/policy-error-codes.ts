/** Errors of compiling a policy pack's CEL rules and deciding with it (docs/spec/policy-packs.md). */
export const POLICY_ERROR_CODES = {
  policy_rule_invalid: 'a policy rule does not parse or does not type-check as CEL; names the rule',
  policy_rule_too_large:
    'a policy rule parses into more than POLICY_RULE_AST_NODES_MAX nodes or nests deeper than POLICY_RULE_DEPTH_MAX',
  policy_rule_type_invalid:
    'a policy rule yields the wrong type: conditions yield bool, audit-rate yields a double',
  policy_rule_failed:
    'a policy rule failed while it was evaluated (e.g. division by zero, an index out of range, a rate outside 0..1)',
  policy_input_invalid: 'the decision input does not match the decision input schema',
} as const;
