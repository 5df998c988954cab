/**
 * The workshop lab's Journey (Predictive Engagement) commands, written once: the exact payloads
 * of its Commands section and its User Login Form, and the Journey plugin's rule for event names.
 * Sources: the lab page of `genesys-samples/messagingGPE-attachedData` (labpage.html, labpage.js,
 * MIT) for the payloads; Genesys's Journey API (`WebEvent.eventName` in the public platform SDK
 * docs) for the event-name rule.
 */

/** The product of the lab's Add Product and Remove Product buttons. */
export interface Product {
  price: number;
  code: string;
  name: string;
  hasBatteries: boolean;
}

/** The lab's product, exactly. */
export const LAB_PRODUCT: Readonly<Product> = Object.freeze({ price: 15.99, code: 'CDE-123', name: 'Product', hasBatteries: false });

/** The lab's Journey Record: the event's name and its attributes. */
export const LAB_RECORD = Object.freeze({ eventName: 'Test', customAttributes: Object.freeze({ TestObject: 'test123' }) });

/** The event names of Add Product and Remove Product (Genesys shows them with their own icons). */
export const PRODUCT_EVENTS = { add: 'product_added', remove: 'product_removed' } as const;

/**
 * A valid Journey event name: letters, digits and underscores only (Genesys's Journey API,
 * `WebEvent.eventName`). The length bound is ours (inferred; Genesys documents none here).
 */
export const EVENT_NAME = /^[A-Za-z0-9_]{1,100}$/;

export interface PageviewOptions {
  pageTitle?: string;
  pageLocation?: string;
  customAttributes?: Record<string, string | number | boolean>;
  traitsMapper?: Array<{ fieldName: string }>;
}

export interface RecordOptions {
  eventName: string;
  customAttributes?: Record<string, string | number | boolean>;
}

/**
 * PageView Unix: `Journey.pageview` with the time (ms since the epoch) as title and location,
 * quoted in single quotes as the lab's page writes them.
 */
export function pageviewUnix(now = Date.now()): PageviewOptions {
  const time = `'${now}'`;
  return { pageTitle: time, pageLocation: time };
}

/** Add Product / Remove Product: `Journey.record` with the product as its attributes. */
export function productRecord(eventName: string, product: Product = LAB_PRODUCT): RecordOptions {
  return { eventName, customAttributes: { price: product.price, code: product.code, name: product.name, hasBatteries: product.hasBatteries } };
}

/** The User Login Form's fields, under the names the lab sends them. */
export interface LoginFields {
  email: string;
  givenName: string;
  familyName: string;
}

/** The login's `traitsMapper`: these attributes identify the visitor. */
export const LOGIN_TRAITS = ['email', 'givenName', 'familyName'] as const;

/** Login: `Journey.pageview` with the fields as attributes and the traitsMapper that makes them identify the visitor. */
export function loginPageview(fields: LoginFields): PageviewOptions {
  return {
    customAttributes: { email: fields.email, givenName: fields.givenName, familyName: fields.familyName },
    traitsMapper: LOGIN_TRAITS.map((fieldName) => ({ fieldName })),
  };
}
