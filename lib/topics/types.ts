export interface TaxonomyTopic {
  id: string;
  label: string;
  description: string;
}

/** A user-defined topic (options page): phrases that count for it and phrases that exclude it. */
export interface UserTopic {
  id: string;
  label: string;
  color: string;
  phrases: string[];
  exclude: string[];
}

export interface TopicScore {
  id: string;
  score: number;
  /** Words or phrases that triggered the topic. */
  why: string[];
}
