// A small hand-made OpenAlex file with what the demo lacks: institutions
// (on authorships, and one author's current one from an author record)
// and topics with their domain > field > subfield chain. Used by the
// conflict-of-interest, suggestion and topic/institution tests.
//
// Who is where (current institutions, coi.js's rule):
//   Ada Stone   Northfield (her latest authorship naming one, 2019)
//   Ben Okafor  Lakeside   (2023)
//   Chen Wu     Northfield (2020)
//   Dana Ruiz   Eastmoor   (her author record's current one, which wins
//                           over her 2021 authorship at Lakeside)
//   Eli Park    none
// Who wrote with whom: Ada+Ben 2015, Ben+Dana 2021, Ben+Eli 2023.

import fs from 'node:fs';
import path from 'node:path';

const OA = 'https://openalex.org/';

export const INSTITUTIONS = {
  northfield: { id: OA + 'I9100001', display_name: 'Northfield University', country_code: 'US' },
  lakeside: { id: OA + 'I9100002', display_name: 'Lakeside Institute', country_code: 'DE' },
  eastmoor: { id: OA + 'I9100003', display_name: 'Eastmoor College', country_code: 'GB' },
};

export const PEOPLE = {
  ada: { id: OA + 'A9300001', display_name: 'Ada Stone' },
  ben: { id: OA + 'A9300002', display_name: 'Ben Okafor' },
  chen: { id: OA + 'A9300003', display_name: 'Chen Wu' },
  dana: { id: OA + 'A9300004', display_name: 'Dana Ruiz' },
  eli: { id: OA + 'A9300005', display_name: 'Eli Park' },
};

const chain = (subfield, field, domain) => ({
  subfield: { id: OA + 'subfields/' + subfield[0], display_name: subfield[1] },
  field: { id: OA + 'fields/' + field[0], display_name: field[1] },
  domain: { id: OA + 'domains/' + domain[0], display_name: domain[1] },
});

export const TOPICS = {
  coding: { id: OA + 'T9200001', display_name: 'Neural Coding', score: 0.9,
    ...chain([2805, 'Cognitive Neuroscience'], [28, 'Neuroscience'], [1, 'Life Sciences']) },
  theory: { id: OA + 'T9200002', display_name: 'Deep Learning Theory', score: 0.8,
    ...chain([1702, 'Artificial Intelligence'], [17, 'Computer Science'], [3, 'Physical Sciences']) },
};

// [key, year, title, [[person, institution or null], ...], [topics]]
export const WORKS = [
  ['W9400001', 2015, 'Spike timing in cortex', [['ada', 'northfield'], ['ben', 'lakeside']], ['coding']],
  ['W9400002', 2019, 'Sparse codes for natural scenes', [['ada', 'northfield']], ['coding', 'theory']],
  ['W9400003', 2020, 'Gradient noise and generalisation', [['chen', 'northfield']], ['theory']],
  ['W9400004', 2021, 'Population dynamics of motor cortex', [['ben', 'lakeside'], ['dana', 'lakeside']], ['coding']],
  ['W9400005', 2023, 'Recurrent circuits that learn', [['ben', 'lakeside'], ['eli', null]], ['coding', 'theory']],
];

function work([key, year, title, authors, topics]) {
  return {
    id: OA + key,
    title,
    display_name: title,
    publication_year: year,
    type: 'article',
    ids: { openalex: OA + key },
    authorships: authors.map(([who, where], i) => ({
      author_position: i === 0 ? 'first' : 'middle',
      author: { id: PEOPLE[who].id, display_name: PEOPLE[who].display_name, orcid: null },
      raw_author_name: PEOPLE[who].display_name,
      institutions: where ? [INSTITUTIONS[where]] : [],
    })),
    topics: topics.map((t) => TOPICS[t]),
  };
}

/** Writes the works and Dana's author record into dir; returns the files. */
export function writePeopleFixture(dir) {
  const works = path.join(dir, 'people-works.jsonl');
  const authors = path.join(dir, 'people-authors.jsonl');
  fs.writeFileSync(works, WORKS.map((w) => JSON.stringify(work(w))).join('\n') + '\n');
  fs.writeFileSync(authors, JSON.stringify({
    id: PEOPLE.dana.id, display_name: PEOPLE.dana.display_name,
    display_name_alternatives: [], last_known_institutions: [INSTITUTIONS.eastmoor],
  }) + '\n');
  return [works, authors];
}
