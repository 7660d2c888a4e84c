#!/usr/bin/python3
"""Make bzpeer's bundled demo data: data/demo/works.jsonl.

The file holds the seven works of the seed researcher (Surya Ganguli) as
OpenAlex-shaped "work" objects, one JSON object per line, in the order of
the table in the seed notes (works.md). The titles and abstracts are copied
exactly from the seed profile page; arXiv ids, years, authors (in order)
and arXiv subject classes come from works.md. Nothing else is invented:
no citation counts, no affiliations, no OpenAlex topics.

The work ids (W1..W7) and author ids (A1, A2, ...) live in the demo
namespace https://demo.bzpeer.invalid/ because the facts give no real
OpenAlex ids, and we must never fake ones that look like OpenAlex's
(https://openalex.org/W...). The ".invalid" top-level domain is reserved
(RFC 2606), so these ids can never resolve to or clash with a real record.

Run:  /usr/bin/python3 data/demo/make_demo.py
Standard library only; the output is deterministic (byte-identical on
every run).
"""

import json
import os

DEMO = "https://demo.bzpeer.invalid/"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "works.jsonl")

# arXiv category code -> (category name, archive code, archive name),
# copied from shared/data/taxonomy-arxiv/categories.json (fields "name",
# "archive", "archive_name"). Only the codes the works use are listed.
CATEGORIES = {
    "cs.AI": ("Artificial Intelligence", "cs", "Computer Science"),
    "cs.LG": ("Machine Learning", "cs", "Computer Science"),
    "q-bio.NC": ("Neurons and Cognition", "q-bio", "Quantitative Biology"),
    "stat.ML": ("Machine Learning", "stat", "Statistics"),
}

# The seven works, in the order of works.md's table (#1 first).
# "categories" lists the arXiv subject classes works.md records (none for
# #5, #6, #7). Abstracts are split into pieces only for line length; each
# piece but the last ends with the single space that joins it to the next.
WORKS = [
    {   # 1
        "arxiv": "2605.12485",
        "year": 2026,
        "title": ("Letting the neural code speak: Automated characterization "
                  "of monkey visual neurons through human language"),
        "authors": ["Vedang Lad", "Katrin Franke", "Tamar Rott Shaham",
                    "Surya Ganguli", "Andreas S. Tolias", "Sophia Sanborn",
                    "Nikos Karantzas"],
        "categories": ["q-bio.NC"],
        "abstract": (
            r"Understanding what individual neurons encode is a core "
            r"question in neuroscience. In primary visual cortex (V1), "
            r"mathematical models (e.g., Gabor functions) capture neural "
            r"selectivity, but no comparable framework exists for higher "
            r"areas. We show that natural language can fill this role: "
            r"across macaque V1 and V4, the selectivity of most neurons is "
            r"captured by concise, verifiable semantic descriptions. Using "
            r"digital twins of V1 and V4, we develop a closed-loop framework "
            r"that translates each neuron's high- and low-activating images "
            r"into dense captions, generates a semantic hypothesis and "
            r"synthesized images, and verifies the hypothesis in silico. "
            r"Descriptions range from oriented edges and spatial frequency "
            r"in V1 to conjunctions of form, color, and texture in V4. In "
            r"V4, images generated from activating and suppressing "
            r"hypotheses drove 96.1% of neurons above the 95th and 97.6% "
            r"below the 5th percentile of natural-image responses, "
            r"respectively (vs. ~10% for random images); V1 activation "
            r"results matched V4, while V1 suppression was less describable "
            r"in language. Representational similarity analysis reveals "
            r"partial alignment between neural activity, vision embeddings, "
            r"and language embeddings, with vision most aligned to neural "
            r"activity; alignment lost in the text bottleneck is recovered "
            r"when hypotheses are rendered back into images, showing that "
            r"linguistic compression is lossy yet semantically faithful. "
            r"Together, these results show that combining generative models "
            r"with neural digital twins enables interpretable, testable "
            r"descriptions of neural function at scale, toward agentic "
            r"scientific discovery."
        ),
    },
    {   # 2
        "arxiv": "2107.05802",
        "year": 2022,
        "title": ("How many degrees of freedom do we need to train deep "
                  "networks: a loss landscape perspective"),
        "authors": ["Brett W. Larsen", "Stanislav Fort", "Nic Becker",
                    "Surya Ganguli"],
        "categories": ["cs.LG"],
        "abstract": (
            r"A variety of recent works, spanning pruning, lottery tickets, "
            r"and training within random subspaces, have shown that deep "
            r"neural networks can be trained using far fewer degrees of "
            r"freedom than the total number of parameters. We analyze this "
            r"phenomenon for random subspaces by first examining the success "
            r"probability of hitting a training loss sub-level set when "
            r"training within a random subspace of a given training "
            r"dimensionality. We find a sharp phase transition in the "
            r"success probability from $0$ to $1$ as the training dimension "
            r"surpasses a threshold. This threshold training dimension "
            r"increases as the desired final loss decreases, but decreases "
            r"as the initial loss decreases. We then theoretically explain "
            r"the origin of this phase transition, and its dependence on "
            r"initialization and final desired loss, in terms of properties "
            r"of the high-dimensional geometry of the loss landscape. In "
            r"particular, we show via Gordon's escape theorem, that the "
            r"training dimension plus the Gaussian width of the desired loss "
            r"sub-level set, projected onto a unit sphere surrounding the "
            r"initialization, must exceed the total number of parameters for "
            r"the success probability to be large. In several architectures "
            r"and datasets, we measure the threshold training dimension as a "
            r"function of initialization and demonstrate that it is a small "
            r"fraction of the total parameters, implying by our theory that "
            r"successful training with so few dimensions is possible "
            r"precisely because the Gaussian width of low loss sub-level "
            r"sets is very large. Moreover, we compare this threshold "
            r"training dimension to more sophisticated ways of reducing "
            r"training degrees of freedom, including lottery tickets as well "
            r"as a new, analogous method: lottery subspaces. Code is "
            r"available at "
            r"https://github.com/ganguli-lab/degrees-of-freedom."
        ),
    },
    {   # 3
        "arxiv": "2206.01278",
        "year": 2022,
        "title": ("Lottery Tickets on a Data Diet: Finding Initializations "
                  "with Sparse Trainable Networks"),
        "authors": ["Mansheej Paul", "Brett W. Larsen", "Surya Ganguli",
                    "Jonathan Frankle", "Gintare Karolina Dziugaite"],
        "categories": ["cs.LG"],
        "abstract": (
            r"A striking observation about iterative magnitude pruning (IMP; "
            r"Frankle et al. 2020) is that $\unicode{x2014}$ after just a "
            r"few hundred steps of dense training $\unicode{x2014}$ the "
            r"method can find a sparse sub-network that can be trained to "
            r"the same accuracy as the dense network. However, the same does "
            r"not hold at step 0, i.e. random initialization. In this work, "
            r"we seek to understand how this early phase of pre-training "
            r"leads to a good initialization for IMP both through the lens "
            r"of the data distribution and the loss landscape geometry. "
            r"Empirically we observe that, holding the number of "
            r"pre-training iterations constant, training on a small fraction "
            r"of (randomly chosen) data suffices to obtain an equally good "
            r"initialization for IMP. We additionally observe that by "
            r'pre-training only on "easy" training data, we can decrease the '
            r"number of steps necessary to find a good initialization for "
            r"IMP compared to training on the full dataset or a randomly "
            r"chosen subset. Finally, we identify novel properties of the "
            r"loss landscape of dense networks that are predictive of IMP "
            r"performance, showing in particular that more examples being "
            r"linearly mode connected in the dense network correlates well "
            r"with good initializations for IMP. Combined, these results "
            r"provide new insight into the role played by the early phase "
            r"training in IMP."
        ),
    },
    {   # 4
        "arxiv": "2010.00578",
        "year": 2021,
        "title": ("Understanding Self-supervised Learning with Dual Deep "
                  "Networks"),
        "authors": ["Yuandong Tian", "Lantao Yu", "Xinlei Chen",
                    "Surya Ganguli"],
        "categories": ["cs.LG", "cs.AI", "stat.ML"],
        "abstract": (
            r"We propose a novel theoretical framework to understand "
            r"contrastive self-supervised learning (SSL) methods that employ "
            r"dual pairs of deep ReLU networks (e.g., SimCLR). First, we "
            r"prove that in each SGD update of SimCLR with various loss "
            r"functions, including simple contrastive loss, soft Triplet "
            r"loss and InfoNCE loss, the weights at each layer are updated "
            r"by a \emph{covariance operator} that specifically amplifies "
            r"initial random selectivities that vary across data samples but "
            r"survive averages over data augmentations. To further study "
            r"what role the covariance operator plays and which features are "
            r"learned in such a process, we model data generation and "
            r"augmentation processes through a \emph{hierarchical latent "
            r"tree model} (HLTM) and prove that the hidden neurons of deep "
            r"ReLU networks can learn the latent variables in HLTM, despite "
            r"the fact that the network receives \emph{no direct "
            r"supervision} from these unobserved latent variables. This "
            r"leads to a provable emergence of hierarchical features through "
            r"the amplification of initially random selectivities through "
            r"contrastive SSL. Extensive numerical studies justify our "
            r"theoretical findings. Code is released in "
            r"https://github.com/facebookresearch/luckmatters/tree/master/ssl."
        ),
    },
    {   # 5
        "arxiv": "2006.14178",
        "year": 2020,
        "title": ("Predictive coding in balanced neural networks with noise, "
                  "chaos and delays"),
        "authors": ["Jonathan Kadmon", "Jonathan Timcheck", "Surya Ganguli"],
        "categories": [],
        "abstract": (
            r"Biological neural networks face a formidable task: performing "
            r"reliable computations in the face of intrinsic stochasticity "
            r"in individual neurons, imprecisely specified synaptic "
            r"connectivity, and nonnegligible delays in synaptic "
            r"transmission. A common approach to combatting such biological "
            r"heterogeneity involves averaging over large redundant networks "
            r"of $N$ neurons resulting in coding errors that decrease "
            r"classically as $1/\sqrt{N}$. Recent work demonstrated a novel "
            r"mechanism whereby recurrent spiking networks could efficiently "
            r"encode dynamic stimuli, achieving a superclassical scaling in "
            r"which coding errors decrease as $1/N$. This specific mechanism "
            r"involved two key ideas: predictive coding, and a tight "
            r"balance, or cancellation between strong feedforward inputs and "
            r"strong recurrent feedback. However, the theoretical principles "
            r"governing the efficacy of balanced predictive coding and its "
            r"robustness to noise, synaptic weight heterogeneity and "
            r"communication delays remain poorly understood. To discover "
            r"such principles, we introduce an analytically tractable model "
            r"of balanced predictive coding, in which the degree of balance "
            r"and the degree of weight disorder can be dissociated unlike in "
            r"previous balanced network models, and we develop a mean field "
            r"theory of coding accuracy. Overall, our work provides and "
            r"solves a general theoretical framework for dissecting the "
            r"differential contributions neural noise, synaptic disorder, "
            r"chaos, synaptic delays, and balance to the fidelity of "
            r"predictive neural codes, reveals the fundamental role that "
            r"balance plays in achieving superclassical scaling, and unifies "
            r"previously disparate models in theoretical neuroscience."
        ),
    },
    {   # 6
        "arxiv": "2003.01513",
        "year": 2020,
        "title": ("Two Routes to Scalable Credit Assignment without Weight "
                  "Symmetry"),
        "authors": ["Daniel Kunin", "Aran Nayebi", "Javier Sagastuy-Brena",
                    "Surya Ganguli", "Jonathan M. Bloom",
                    "Daniel L. K. Yamins"],
        "categories": [],
        "abstract": (
            r"The neural plausibility of backpropagation has long been "
            r"disputed, primarily for its use of non-local weight transport "
            r"$-$ the biologically dubious requirement that one neuron "
            r"instantaneously measure the synaptic weights of another. Until "
            r"recently, attempts to create local learning rules that avoid "
            r"weight transport have typically failed in the large-scale "
            r"learning scenarios where backpropagation shines, e.g. ImageNet "
            r"categorization with deep convolutional networks. Here, we "
            r"investigate a recently proposed local learning rule that "
            r"yields competitive performance with backpropagation and find "
            r"that it is highly sensitive to metaparameter choices, "
            r"requiring laborious tuning that does not transfer across "
            r"network architecture. Our analysis indicates the underlying "
            r"mathematical reason for this instability, allowing us to "
            r"identify a more robust local learning rule that better "
            r"transfers without metaparameter tuning. Nonetheless, we find a "
            r"performance and stability gap between this local rule and "
            r"backpropagation that widens with increasing model depth. We "
            r"then investigate several non-local learning rules that relax "
            r"the need for instantaneous weight transport into a more "
            r'biologically-plausible "weight estimation" process, showing '
            r"that these rules match state-of-the-art performance on deep "
            r"networks and operate effectively in the presence of noisy "
            r"updates. Taken together, our results suggest two routes "
            r"towards the discovery of neural implementations for credit "
            r"assignment without weight symmetry: further improvement of "
            r"local rules so that they perform consistently across "
            r"architectures and the identification of biological "
            r"implementations for non-local learning mechanisms."
        ),
    },
    {   # 7
        "arxiv": "1810.10065",
        "year": 2018,
        "title": "Statistical mechanics of low-rank tensor decomposition",
        "authors": ["Jonathan Kadmon", "Surya Ganguli"],
        "categories": [],
        "abstract": (
            r"Often, large, high dimensional datasets collected across "
            r"multiple modalities can be organized as a higher order tensor. "
            r"Low-rank tensor decomposition then arises as a powerful and "
            r"widely used tool to discover simple low dimensional structures "
            r"underlying such data. However, we currently lack a theoretical "
            r"understanding of the algorithmic behavior of low-rank tensor "
            r"decompositions. We derive Bayesian approximate message passing "
            r"(AMP) algorithms for recovering arbitrarily shaped low-rank "
            r"tensors buried within noise, and we employ dynamic mean field "
            r"theory to precisely characterize their performance. Our theory "
            r"reveals the existence of phase transitions between easy, hard "
            r"and impossible inference regimes, and displays an excellent "
            r"match with simulations. Moreover, it reveals several "
            r"qualitative surprises compared to the behavior of symmetric, "
            r"cubic tensor decomposition. Finally, we compare our AMP "
            r"algorithm to the most commonly used algorithm, alternating "
            r"least squares (ALS), and demonstrate that AMP significantly "
            r"outperforms ALS in the presence of noise."
        ),
    },
]


def inverted_index(abstract):
    """Build OpenAlex's abstract_inverted_index: split on single spaces
    (punctuation stays on the words) and map each distinct token to the
    sorted list of its 0-based positions."""
    assert "  " not in abstract and abstract == abstract.strip(), \
        "abstract must use single spaces only"
    index = {}
    for pos, token in enumerate(abstract.split(" ")):
        index.setdefault(token, []).append(pos)
    return index


def rebuild(index):
    """Join the tokens of an inverted index back together by position."""
    words = {}
    for token, positions in index.items():
        for pos in positions:
            words[pos] = token
    assert sorted(words) == list(range(len(words)))
    return " ".join(words[pos] for pos in range(len(words)))


def make_work(n, work, author_ids):
    work_id = DEMO + "W%d" % n
    arxiv = work["arxiv"]
    doi = "https://doi.org/10.48550/arxiv." + arxiv
    abs_url = "https://arxiv.org/abs/" + arxiv

    authorships = []
    last = len(work["authors"]) - 1
    for i, name in enumerate(work["authors"]):
        if name not in author_ids:  # ids in order of first appearance
            author_ids[name] = DEMO + "A%d" % (len(author_ids) + 1)
        authorships.append({
            "author_position": ("first" if i == 0 else
                                "last" if i == last else "middle"),
            "author": {"id": author_ids[name], "display_name": name,
                       "orcid": None},
            "raw_author_name": name,
            "institutions": [],
            "raw_affiliation_strings": [],
        })

    topics = []
    for code in work["categories"]:
        name, archive, archive_name = CATEGORIES[code]
        topics.append({
            "id": "arxiv:" + code,
            "display_name": name,
            "score": 1.0,
            "field": {"id": "arxiv:" + archive, "display_name": archive_name},
        })

    index = inverted_index(work["abstract"])
    assert rebuild(index) == work["abstract"], "abstract does not round-trip"

    return {
        "id": work_id,
        "doi": doi,
        "title": work["title"],
        "display_name": work["title"],
        "publication_year": work["year"],
        "type": "preprint",
        "ids": {"openalex": work_id, "doi": doi},
        "primary_location": {
            "is_oa": True,
            "landing_page_url": abs_url,
            "pdf_url": "https://arxiv.org/pdf/" + arxiv,
            "source": {"id": None, "display_name": "arXiv",
                       "type": "repository"},
            "version": "submittedVersion",
        },
        "open_access": {"is_oa": True, "oa_status": "green",
                        "oa_url": abs_url},
        "authorships": authorships,
        "topics": topics,
        "abstract_inverted_index": index,
    }


def main():
    author_ids = {}
    lines = [json.dumps(make_work(n, w, author_ids), ensure_ascii=False)
             for n, w in enumerate(WORKS, start=1)]
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(line + "\n" for line in lines))
    print("wrote %d works, %d authors to %s"
          % (len(lines), len(author_ids), OUT))


if __name__ == "__main__":
    main()
