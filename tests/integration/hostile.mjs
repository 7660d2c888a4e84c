// A work whose title and only author's name are markup, for the tests
// that check that imported metadata stays text on every page.

export const TITLE = '<script>alert(1)</script> & "quotes"';
export const NAME = 'Eve <img src=x onerror=alert(1)>';

export const HOSTILE_WORK = {
  id: 'https://demo.bzpeer.invalid/W900',
  title: TITLE,
  display_name: TITLE,
  publication_year: 2024,
  type: 'article',
  authorships: [{
    author_position: 'first',
    author: { id: 'https://demo.bzpeer.invalid/A900', display_name: NAME, orcid: null },
    raw_author_name: NAME,
    institutions: [],
  }],
  abstract_inverted_index: { '<b>bold</b>': [0], 'javascript:alert(1)': [1] },
  topics: [],
};
