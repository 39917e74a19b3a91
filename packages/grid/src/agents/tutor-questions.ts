/**
 * The tutor's question bank: cellular respiration (introductory biology), four skills with
 * three multiple-choice questions each. Every question tests exactly one skill, as knowledge
 * tracing assumes.
 */

export const TUTOR_TOPIC = 'cellular respiration';

export const TUTOR_SKILLS = [
  'glycolysis',
  'citric-acid-cycle',
  'electron-transport',
  'fermentation',
] as const;

export type TutorSkill = (typeof TUTOR_SKILLS)[number];

export const CHOICE_LETTERS = ['a', 'b', 'c', 'd'] as const;

export type ChoiceLetter = (typeof CHOICE_LETTERS)[number];

export interface TutorQuestion {
  readonly id: string;
  readonly skill: TutorSkill;
  readonly prompt: string;
  /** In the order of CHOICE_LETTERS. */
  readonly choices: readonly [string, string, string, string];
  readonly answer: ChoiceLetter;
  readonly explanation: string;
}

export const TUTOR_QUESTIONS: readonly TutorQuestion[] = [
  {
    id: 'glycolysis-location',
    skill: 'glycolysis',
    prompt: 'Where in a eukaryotic cell does glycolysis take place?',
    choices: ['Mitochondrial matrix', 'Cytoplasm', 'Inner mitochondrial membrane', 'Nucleus'],
    answer: 'b',
    explanation: 'Glycolysis runs in the cytoplasm and needs no mitochondria and no oxygen.',
  },
  {
    id: 'glycolysis-atp',
    skill: 'glycolysis',
    prompt: 'What is the net ATP yield of glycolysis for one molecule of glucose?',
    choices: ['2 ATP', '4 ATP', 'About 30 ATP', 'None'],
    answer: 'a',
    explanation: 'Glycolysis makes 4 ATP but spends 2 in its first steps, a net gain of 2.',
  },
  {
    id: 'glycolysis-product',
    skill: 'glycolysis',
    prompt: 'Glycolysis splits one glucose molecule into two molecules of what?',
    choices: ['Acetyl-CoA', 'Lactate', 'Pyruvate', 'Citrate'],
    answer: 'c',
    explanation: 'Each glucose (6 carbons) becomes two pyruvate (3 carbons each).',
  },
  {
    id: 'citric-acid-cycle-location',
    skill: 'citric-acid-cycle',
    prompt: 'Where does the citric acid (Krebs) cycle take place in eukaryotic cells?',
    choices: ['Cytoplasm', 'Intermembrane space', 'Mitochondrial matrix', 'Ribosomes'],
    answer: 'c',
    explanation: 'The enzymes of the citric acid cycle are in the mitochondrial matrix.',
  },
  {
    id: 'citric-acid-cycle-entry',
    skill: 'citric-acid-cycle',
    prompt: 'Which molecule enters the citric acid cycle by joining with oxaloacetate?',
    choices: ['Pyruvate', 'Acetyl-CoA', 'Glucose', 'NADH'],
    answer: 'b',
    explanation: 'Acetyl-CoA (2 carbons) joins oxaloacetate (4 carbons) to form citrate.',
  },
  {
    id: 'citric-acid-cycle-waste',
    skill: 'citric-acid-cycle',
    prompt: 'Which gas leaves the cell as a waste product of the citric acid cycle?',
    choices: ['Oxygen', 'Nitrogen', 'Hydrogen', 'Carbon dioxide'],
    answer: 'd',
    explanation: 'The cycle releases the carbons of acetyl-CoA as carbon dioxide.',
  },
  {
    id: 'electron-transport-acceptor',
    skill: 'electron-transport',
    prompt: 'What is the final electron acceptor of the electron transport chain?',
    choices: ['NAD+', 'Water', 'Oxygen', 'Carbon dioxide'],
    answer: 'c',
    explanation: 'Oxygen takes the electrons at the end of the chain and is reduced to water.',
  },
  {
    id: 'electron-transport-atp-synthase',
    skill: 'electron-transport',
    prompt: 'ATP synthase makes ATP with energy taken from what?',
    choices: [
      'A proton gradient across the inner mitochondrial membrane',
      'Phosphate taken directly from glucose',
      'Sunlight',
      'The breakdown of other ATP',
    ],
    answer: 'a',
    explanation: 'Protons flowing back through ATP synthase drive it (chemiosmosis).',
  },
  {
    id: 'electron-transport-carriers',
    skill: 'electron-transport',
    prompt: 'Which carriers bring electrons to the electron transport chain?',
    choices: ['ATP and ADP', 'NADH and FADH2', 'Glucose and oxygen', 'Acetyl-CoA and citrate'],
    answer: 'b',
    explanation: 'NADH and FADH2 from glycolysis and the citric acid cycle donate electrons.',
  },
  {
    id: 'fermentation-purpose',
    skill: 'fermentation',
    prompt: 'Why do cells ferment when oxygen is absent?',
    choices: [
      'To make more ATP than respiration does',
      'To regenerate NAD+ so that glycolysis can continue',
      'To produce oxygen',
      'To store glucose',
    ],
    answer: 'b',
    explanation: 'Fermentation makes no extra ATP; it recycles NAD+ that glycolysis needs.',
  },
  {
    id: 'fermentation-muscle',
    skill: 'fermentation',
    prompt: 'What do human muscle cells make from pyruvate when oxygen runs short?',
    choices: ['Ethanol', 'Citrate', 'Lactate', 'Acetyl-CoA'],
    answer: 'c',
    explanation: 'Muscle cells reduce pyruvate to lactate (lactic acid fermentation).',
  },
  {
    id: 'fermentation-yeast',
    skill: 'fermentation',
    prompt: 'What does yeast produce by alcoholic fermentation?',
    choices: [
      'Lactate only',
      'Oxygen and water',
      'Acetyl-CoA and ATP',
      'Ethanol and carbon dioxide',
    ],
    answer: 'd',
    explanation: 'Yeast turns pyruvate into ethanol, releasing carbon dioxide.',
  },
];

export function findQuestion(id: string | null): TutorQuestion | undefined {
  return id === null ? undefined : TUTOR_QUESTIONS.find((question) => question.id === id);
}
