// Analyses by comment id (and text, in case a comment was edited), so scrolling back
// or reopening a post does not ask the companion again. Bounded, oldest out first.
export class AnalysisCache {
  constructor(limit = 5000) {
    this.limit = limit;
    this.map = new Map();
  }

  static key(platform, comment) {
    return `${platform}:${comment.id}:${comment.text.length}:${comment.text.slice(0, 64)}`;
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
