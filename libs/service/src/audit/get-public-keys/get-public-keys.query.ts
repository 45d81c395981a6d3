/** The checkpoint signers' public keys: the one of the newest checkpoint first. */
export class GetPublicKeysQuery {}
