/** Choices offered in forms (client-safe). */
import { OFFER_LANGUAGES } from '$lib/atlas/taxonomy';
import { SIGN_LANGUAGE } from './vocabulary';

/** Interpretation a registrant may ask for: German Sign Language first, then the spoken languages but German. */
export const INTERPRETER_OPTIONS = [SIGN_LANGUAGE, ...Object.keys(OFFER_LANGUAGES).filter((c) => c !== 'de')];
