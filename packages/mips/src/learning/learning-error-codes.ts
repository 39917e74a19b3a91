/** Error codes of the learning MIPs: snake_case, named after the broken rule, never reused. */
export const LEARNING_ERROR_CODES = {
  learning_window_inverted: 'the mastery claim\u2019s window ends before it starts',
  learning_window_too_long: 'the mastery claim\u2019s window is longer than LEARNING_WINDOW_MS_MAX',
  learning_item_bank_malformed:
    'the item-bank evidence is not the JSON its role requires (skills with BKT parameters, items with time norms)',
  learning_item_bank_digest_mismatch:
    'the item-bank evidence does not hash to the item bank digest the claim names',
  learning_item_bank_id_mismatch: 'the item-bank evidence has another id than the claim names',
  learning_skill_unknown: 'the item bank has no parameters for the skill the claim names',
  learning_parameters_degenerate:
    'the skill\u2019s or an item\u2019s guess and slip make the model degenerate: P(G) + P(S) \u2265 1, P(G) > 0.3 or P(S) > 0.1',
  learning_responses_malformed:
    'the responses evidence is not a list of xAPI-shaped answered statements (id, actor, verb, object, result, timestamp)',
  learning_item_unknown:
    'a response answers an item that is not in the item bank under the claimed skill',
  learning_response_count_mismatch:
    'the claim names another number of responses than the responses evidence holds',
  learning_responses_too_few: 'the claim rests on fewer than LEARNING_RESPONSES_MIN responses',
} as const;
