/** A realistic abstract: context first, contribution and results in the middle, housekeeping last. */
export const ABSTRACT = [
  'Large language models often state false facts with high confidence, which limits their use in practice.',
  'Prior studies have examined this from many angles, including retrieval, decoding and calibration of the output.',
  'We propose Abstain-RL, a reinforcement learning method that rewards language models ' +
    'for abstaining when their confidence is low.',
  'It is simple.',
  'Experiments on five question answering benchmarks show that Abstain-RL reduces confident false answers ' +
    'by 30% while keeping accuracy.',
  'Code is available at https://github.com/example/abstain-rl.',
].join(' ');
