/** Worker module that forgets to register a callback (for an error test). @module */
export const nothing = 0;
