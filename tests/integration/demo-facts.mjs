// Facts about the demo data (data/demo/works.jsonl), from the seed's
// works.md: the seven works of Surya Ganguli (author A4, researcher R4), in
// the order of the table (newest year first, then by title).

export const SEED_NAME = 'Surya Ganguli';
export const SEED_SLUG = 'surya-ganguli';

export const WORKS = [
  { n: 1, arxiv: '2605.12485', year: 2026, title: 'Letting the neural code speak: Automated characterization of monkey visual neurons through human language',
    authors: ['Vedang Lad', 'Katrin Franke', 'Tamar Rott Shaham', 'Surya Ganguli', 'Andreas S. Tolias', 'Sophia Sanborn', 'Nikos Karantzas'] },
  { n: 2, arxiv: '2107.05802', year: 2022, title: 'How many degrees of freedom do we need to train deep networks: a loss landscape perspective',
    authors: ['Brett W. Larsen', 'Stanislav Fort', 'Nic Becker', 'Surya Ganguli'],
    code: 'https://github.com/ganguli-lab/degrees-of-freedom' },
  { n: 3, arxiv: '2206.01278', year: 2022, title: 'Lottery Tickets on a Data Diet: Finding Initializations with Sparse Trainable Networks',
    authors: ['Mansheej Paul', 'Brett W. Larsen', 'Surya Ganguli', 'Jonathan Frankle', 'Gintare Karolina Dziugaite'] },
  { n: 4, arxiv: '2010.00578', year: 2021, title: 'Understanding Self-supervised Learning with Dual Deep Networks',
    authors: ['Yuandong Tian', 'Lantao Yu', 'Xinlei Chen', 'Surya Ganguli'],
    code: 'https://github.com/facebookresearch/luckmatters/tree/master/ssl' },
  { n: 5, arxiv: '2006.14178', year: 2020, title: 'Predictive coding in balanced neural networks with noise, chaos and delays',
    authors: ['Jonathan Kadmon', 'Jonathan Timcheck', 'Surya Ganguli'] },
  { n: 6, arxiv: '2003.01513', year: 2020, title: 'Two Routes to Scalable Credit Assignment without Weight Symmetry',
    authors: ['Daniel Kunin', 'Aran Nayebi', 'Javier Sagastuy-Brena', 'Surya Ganguli', 'Jonathan M. Bloom', 'Daniel L. K. Yamins'] },
  { n: 7, arxiv: '1810.10065', year: 2018, title: 'Statistical mechanics of low-rank tensor decomposition',
    authors: ['Jonathan Kadmon', 'Surya Ganguli'] },
];

/** Every distinct author of the demo (23 of them). */
export const ALL_AUTHORS = [...new Set(WORKS.flatMap((w) => w.authors))];

export const CLOSE_COLLABORATORS = ['Jonathan Kadmon', 'Brett W. Larsen', 'Jonathan Timcheck'];

export function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
