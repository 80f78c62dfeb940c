/** The default taxonomy (lib/topics/taxonomy.json) and its colours: small, imported by the popup and options. */
import taxonomyJson from './taxonomy.json';
import type { TaxonomyTopic } from './types';

export const TAXONOMY: TaxonomyTopic[] = (taxonomyJson as { topics: TaxonomyTopic[] }).topics;
export const TOPIC_IDS = TAXONOMY.map((t) => t.id);
export const MAX_TOPICS = 3;

/** Stable colours for the default topics (readable on light and dark backgrounds). */
const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#dc2626', '#ea580c', '#ca8a04', '#16a34a', '#0d9488', '#0891b2', '#4f46e5', '#9333ea', '#c026d3', '#e11d48', '#65a30d', '#059669', '#0284c7', '#6d28d9', '#be123c', '#b45309', '#15803d', '#1d4ed8', '#a21caf', '#0f766e', '#9a3412', '#4d7c0f'];
export const TOPIC_COLORS: Record<string, string> = Object.fromEntries(TAXONOMY.map((t, i) => [t.id, PALETTE[i % PALETTE.length]!]));
