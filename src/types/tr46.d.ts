/**
 * Types for `tr46` (UTS #46 IDNA processing, by the jsdom project), which ships none; only what
 * Herald uses. Herald validates host names with it instead of `url.domainToASCII`, whose checks
 * differ between Node versions (see src/domain/hostname.ts).
 */
declare module 'tr46' {
  /** The UTS #46 processing flags (all default to false). */
  export interface Tr46Options {
    checkBidi?: boolean;
    checkHyphens?: boolean;
    checkJoiners?: boolean;
    ignoreInvalidPunycode?: boolean;
    transitionalProcessing?: boolean;
    useSTD3ASCIIRules?: boolean;
    verifyDNSLength?: boolean;
  }
  /** The case-folded punycode form of a domain name, or null when UTS #46 records an error. */
  export function toASCII(domainName: string, options?: Tr46Options): string | null;
  /** The Unicode form of a domain name and whether UTS #46 recorded an error. */
  export function toUnicode(domainName: string, options?: Tr46Options): { domain: string; error: boolean };
}
