/**
 * The certificates of a PKCS#7 / CMS SignedData "certs-only" message (`.p7b`, what Windows'
 * "Cryptographic Message Syntax Standard" export and `openssl crl2pkcs7` write). Walked with
 * our own BER reader so each certificate comes out byte for byte (node-forge's PKCS#7 parser
 * would choke on EC certificates).
 */
import { Asn1Error, child, decodeDer, isContext, isUniversal, oid, Tag } from './der.js';

/** id-signedData. */
const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** True when the DER looks like a PKCS#7 ContentInfo (a SEQUENCE starting with an OID). */
export function looksLikePkcs7(der: Buffer): boolean {
  try {
    const info = decodeDer(der);
    return isUniversal(info, Tag.SEQUENCE) && isUniversal(info.children[0], Tag.OID) && oid(info.children[0]) === SIGNED_DATA;
  } catch {
    return false;
  }
}

/** The DER of every certificate in a PKCS#7 SignedData, in file order. Throws Asn1Error if it is not one. */
export function pkcs7Certificates(der: Buffer): Buffer[] {
  const info = decodeDer(der);
  if (!isUniversal(info, Tag.SEQUENCE)) throw new Asn1Error('PKCS#7 ContentInfo is not a SEQUENCE');
  if (oid(child(info, 0, 'PKCS#7 content type')) !== SIGNED_DATA) throw new Asn1Error('PKCS#7 content is not SignedData');
  const explicit = child(info, 1, 'PKCS#7 content');
  if (!isContext(explicit, 0)) throw new Asn1Error('PKCS#7 content is not [0] EXPLICIT');
  const signedData = child(explicit, 0, 'SignedData');
  if (!isUniversal(signedData, Tag.SEQUENCE)) throw new Asn1Error('SignedData is not a SEQUENCE');
  const certificates = signedData.children.find((c) => isContext(c, 0) && c.constructed);
  if (!certificates) return [];
  // CertificateChoices: only plain X.509 certificates (universal SEQUENCE); the obsolete
  // extended and attribute certificates are tagged [0]..[3] and skipped.
  return certificates.children.filter((c) => isUniversal(c, Tag.SEQUENCE)).map((c) => Buffer.from(c.raw));
}
