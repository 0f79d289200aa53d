import { registrableDomain } from './domains';
import { perceivedText } from './obfuscation';

/**
 * Brands that phishing most often impersonates (APWG and vendor brand-impersonation reports: mail and cloud
 * services, payment, banks, parcel carriers, crypto wallets and exchanges, large retailers), each with the labels
 * of the registrable domains it sends mail from. A brand matches when its name is a word of the sender name; a
 * sender domain whose registrable label (`paypal` in `paypal.de`, `mail.paypal.co.uk`) is one of its labels
 * belongs to the brand, and anything else, look-alikes such as `paypal-support.com` included, does not.
 */
const BRANDS: ReadonlyArray<readonly [name: string, labels: readonly string[]]> = [
  ['microsoft', ['microsoft', 'microsoftonline', 'office', 'office365', 'outlook', 'live', 'hotmail', 'msn', 'azure', 'skype', 'sharepoint', 'onmicrosoft']],
  ['office 365', ['microsoft', 'office', 'office365', 'outlook']],
  ['outlook', ['microsoft', 'outlook', 'live', 'hotmail', 'office']],
  ['onedrive', ['microsoft', 'onedrive', 'live', 'sharepoint']],
  ['sharepoint', ['microsoft', 'sharepoint']],
  ['apple', ['apple', 'icloud', 'me', 'mac']],
  ['apple id', ['apple', 'icloud']],
  ['icloud', ['apple', 'icloud']],
  ['paypal', ['paypal', 'paypal-communication', 'xoom']],
  ['amazon', ['amazon', 'amazonses', 'amazonaws', 'a2z']],
  ['netflix', ['netflix']],
  ['docusign', ['docusign']],
  ['dropbox', ['dropbox', 'dropboxmail']],
  ['adobe', ['adobe', 'adobesign', 'echosign']],
  ['google', ['google', 'gmail', 'youtube', 'googlemail']],
  ['facebook', ['facebook', 'facebookmail', 'meta', 'fb']],
  ['instagram', ['instagram', 'facebookmail', 'meta']],
  ['whatsapp', ['whatsapp', 'facebookmail', 'meta']],
  ['linkedin', ['linkedin']],
  ['dhl', ['dhl', 'dpdhl', 'deutschepost']],
  ['fedex', ['fedex']],
  ['ups', ['ups']],
  ['usps', ['usps']],
  ['postal service', ['usps']],
  ['royal mail', ['royalmail']],
  ['correios', ['correios']],
  ['wells fargo', ['wellsfargo', 'wf']],
  ['chase bank', ['chase', 'jpmorgan', 'jpmchase']],
  ['bank of america', ['bankofamerica', 'bofa']],
  ['citibank', ['citi', 'citibank']],
  ['hsbc', ['hsbc']],
  ['santander', ['santander']],
  ['bradesco', ['bradesco']],
  ['itau', ['itau']],
  ['caixa economica', ['caixa']],
  ['banco do brasil', ['bb']],
  ['mercado pago', ['mercadopago', 'mercadolibre', 'mercadolivre']],
  ['mercado livre', ['mercadolivre', 'mercadolibre']],
  ['american express', ['americanexpress', 'aexp']],
  ['amex', ['americanexpress', 'aexp']],
  ['mastercard', ['mastercard']],
  ['coinbase', ['coinbase']],
  ['binance', ['binance']],
  ['kraken', ['kraken']],
  ['metamask', ['metamask', 'consensys']],
  ['trust wallet', ['trustwallet']],
  ['ledger live', ['ledger']],
  ['blockchain.com', ['blockchain']],
  ['crypto.com', ['crypto']],
  ['walmart', ['walmart']],
  ['costco', ['costco']],
  ['starbucks', ['starbucks']],
  ['norton antivirus', ['norton', 'nortonlifelock']],
  ['norton 360', ['norton', 'nortonlifelock']],
  ['mcafee', ['mcafee']],
  ['geek squad', ['bestbuy', 'geeksquad']],
  ['irs', ['irs']],
  ['hmrc', ['hmrc', 'gov']],
  ['verizon', ['verizon', 'verizonwireless']],
  ['xfinity', ['xfinity', 'comcast']],
  ['steam support', ['steampowered', 'steamcommunity', 'valvesoftware']],
  ['ebay', ['ebay']],
  ['wetransfer', ['wetransfer']],
  ['zoom', ['zoom', 'zoomgov']],
  ['quickbooks', ['intuit', 'quickbooks']],
  ['intuit', ['intuit']],
  ['stripe', ['stripe']],
  ['booking.com', ['booking']],
  ['airbnb', ['airbnb']],
  ['spotify', ['spotify']],
  ['disney', ['disney', 'disneyplus']],
];

const COMPILED = BRANDS.map(([name, labels]) => ({
  name,
  labels: new Set(labels),
  pattern: new RegExp(`(?:^|[^\\p{L}\\p{N}])${name.replace(/[.]/g, '\\.').replace(/ /g, '\\s*')}(?![\\p{L}\\p{N}])`, 'u'),
}));

export interface BrandClaim {
  brand: string;
  /** The sender's registrable domain is not one the brand sends from. */
  mismatch: boolean;
}

/** The brand a sender name claims, judged against the sending domain. */
export function brandClaim(displayName: string, fromDomain: string): BrandClaim | undefined {
  if (!displayName) return undefined;
  const perceived = perceivedText(displayName);
  const found = COMPILED.find((brand) => brand.pattern.test(perceived));
  if (!found) return undefined;
  const label = registrableDomain(fromDomain).split('.')[0];
  return { brand: found.name, mismatch: !found.labels.has(label) };
}
