/** Styles of the in-page badge row and page summary: components/badge.css, minified by the build. */
import css from './badge.css?inline';

export const BADGE_CSS: string = css;
