/** Recompute the hash chain and every checkpoint over the whole stored log; name the first bad position. */
export class VerifyLogCommand {}
