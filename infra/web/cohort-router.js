import cf from "cloudfront";

// The web's cohort canary, as a CloudFront Function (runtime cloudfront-js-2.0) on the
// default cache behaviour's viewer request and viewer response. The real program and the
// release fixture publish this very file; the sandbox's service runtime runs the code it
// reads back from the emulator. Kept to what that runtime's dialect allows: no Node
// modules, no optional chaining on calls.

var cookieName = "flightdeck-cohort";
// The store's one key: {"release":"<hash>","weight":0-100}. Missing or weight 0: no canary.
var cohortKey = "web-cohort";
// The origin whose path is the bucket's root, so a rewritten URI can name any release.
var releasesOriginId = "releases";
var cookieAttributes = "Path=/; Max-Age=31536000; Secure; SameSite=Lax";

// A viewer without the cookie gets a cohort from what both events see alike (its address
// and user agent), so the viewer response can hand it the cohort its request was routed by.
function derivedCohort(event) {
  var agent = event.request.headers["user-agent"];
  var seed = event.viewer.ip + "|" + (agent ? agent.value : "");
  var hash = 2166136261;
  for (var i = 0; i < seed.length; i++) {
    hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  }
  return hash % 100;
}

function cookieCohort(request) {
  var cookie = request.cookies[cookieName];
  if (!cookie || !/^\d{1,2}$/.test(cookie.value)) return undefined;
  return Number(cookie.value);
}

async function canary() {
  try {
    var value = await cf.kvs().get(cohortKey, { format: "json" });
    var weight = Number(value.weight);
    if (typeof value.release !== "string" || !/^[0-9a-f]{7,40}$/.test(value.release)) return null;
    if (!(weight > 0 && weight <= 100)) return null;
    return { release: value.release, weight: weight };
  } catch (missing) {
    return null;
  }
}

async function viewerRequest(event) {
  var request = event.request;
  var cohort = cookieCohort(request);
  if (cohort === undefined) cohort = derivedCohort(event);
  var chosen = await canary();
  if (!chosen || cohort >= chosen.weight) return request;
  // Below the weight: the new release's prefix, through the origin at the bucket's root.
  // The rewritten URI is the cache key, so the two releases are cached apart.
  var path = request.uri === "/" ? "/index.html" : request.uri;
  request.uri = "/releases/" + chosen.release + path;
  cf.selectRequestOriginById(releasesOriginId);
  return request;
}

function viewerResponse(event) {
  var response = event.response;
  if (cookieCohort(event.request) === undefined) {
    response.cookies[cookieName] = {
      value: String(derivedCohort(event)),
      attributes: cookieAttributes,
    };
  }
  return response;
}

async function handler(event) {
  if (event.context.eventType === "viewer-response") return viewerResponse(event);
  return viewerRequest(event);
}
