// Analyses by comment id and its whole text (an edit may keep the length and the opening
// words: «…доставили вовремя» → «…доставили с опозданием» must be asked again), so
// scrolling back or reopening a post does not ask the companion again. Bounded, oldest
// out first (5,000 comments of a few hundred characters: a few MB in the worker).
export class AnalysisCache {
  constructor(limit = 5000) {
    this.limit = limit;
    this.map = new Map();
  }

  static key(platform, comment) {
    return `${platform}:${comment.id}:${comment.text}`;
  }

  get(platform, comment) {
    return this.map.get(AnalysisCache.key(platform, comment));
  }

  set(platform, comment, result) {
    const k = AnalysisCache.key(platform, comment);
    this.map.delete(k);
    this.map.set(k, result);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value);
  }
}
