"""CloudFront KeyValueStore's data plane, which moto 5.2.5 does not have, as AWS documents it.

moto has the control plane (CreateKeyValueStore and the rest, under /2020-05-31/ on the
CloudFront API) but no keys. The data plane is another service, `cloudfront-keyvaluestore`
(REST and JSON, signed with SigV4a), whose calls moto's server would hand to its default
backend. Added here, each on the paths and with the shapes of the API reference:

- DescribeKeyValueStore  GET    /key-value-stores/{KvsARN}
- ListKeys               GET    /key-value-stores/{KvsARN}/keys   (MaxResults, NextToken)
- GetKey                 GET    /key-value-stores/{KvsARN}/keys/{Key}
- PutKey                 PUT    /key-value-stores/{KvsARN}/keys/{Key}      If-Match
- DeleteKey              DELETE /key-value-stores/{KvsARN}/keys/{Key}      If-Match
- UpdateKeys             POST   /key-value-stores/{KvsARN}/keys            If-Match, all or nothing

Every write needs the store's current ETag in If-Match and answers the new one in the ETag
header, with ItemCount and TotalSizeInBytes (the keys' and values' bytes). Errors are the
service's: ConflictException (409) for an ETag that is not the current one,
ResourceNotFoundException (404) for an unknown store or key, ValidationException (400) for
a missing If-Match or a malformed body. The keys live on moto's own store object, so a
store deleted through the control plane takes its keys with it. Writes go through moto's
recorder like any other request, so the sandbox's replay restores them.
"""

import json
from urllib.parse import unquote

from werkzeug.wrappers import Response

from moto.cloudfront.models import CloudFrontBackend, cloudfront_backends
from moto.core.request import Request
from moto.core.utils import unix_time
from moto.moto_api import recorder
from moto.moto_api._internal import mock_random as random
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

PREFIX = "/key-value-stores/"


class KvsError(Exception):
    def __init__(self, kind, status, message):
        super().__init__(message)
        self.kind, self.status, self.message = kind, status, message


def find_store(arn):
    account = arn.split(":")[4] if arn.count(":") >= 5 else ""
    for backend in cloudfront_backends.get(account, {}).values():
        for store in backend.key_value_stores.values():
            if store.arn == arn:
                return store
    raise KvsError("ResourceNotFoundException", 404, f"Key value store {arn} was not found.")


def new_etag():
    return random.get_random_hex(length=32).upper()


def size(store):
    return sum(len(k.encode()) + len(v.encode()) for k, v in store.keys.items())


def counts(store):
    return {"ItemCount": len(store.keys), "TotalSizeInBytes": size(store)}


def checked_write(store, request, change):
    if_match = request.headers.get("If-Match")
    if not if_match:
        raise KvsError("ValidationException", 400, "If-Match is required.")
    if if_match != store.data_etag:
        raise KvsError("ConflictException", 409, "The ETag does not match the key value store's current version.")
    change(store.keys)
    store.data_etag = new_etag()
    store.data_modified = unix_time()
    return counts(store), {"ETag": store.data_etag}


def body_of(request):
    try:
        return json.loads(request.get_data() or b"{}")
    except ValueError:
        raise KvsError("ValidationException", 400, "The request body is not JSON.")


def describe(store, _request):
    return {
        "KvsARN": store.arn,
        "Created": store.created,
        "LastModified": store.data_modified,
        "Status": "READY",
        **counts(store),
    }, {"ETag": store.data_etag}


def list_keys(store, request):
    keys = sorted(store.keys)
    start = int(request.args.get("NextToken") or 0)
    limit = int(request.args.get("MaxResults") or 50)
    page = keys[start : start + limit]
    result = {"Items": [{"Key": k, "Value": store.keys[k]} for k in page]}
    if start + limit < len(keys):
        result["NextToken"] = str(start + limit)
    return result, {}


def get_key(store, key):
    if key not in store.keys:
        raise KvsError("ResourceNotFoundException", 404, f"Key {key} was not found.")
    return {"Key": key, "Value": store.keys[key], **counts(store)}, {}


def put_key(store, request, key):
    value = body_of(request).get("Value")
    if not isinstance(value, str):
        raise KvsError("ValidationException", 400, "Value is required.")
    return checked_write(store, request, lambda keys: keys.__setitem__(key, value))


def delete_key(store, request, key):
    if key not in store.keys:
        raise KvsError("ResourceNotFoundException", 404, f"Key {key} was not found.")
    return checked_write(store, request, lambda keys: keys.pop(key))


def update_keys(store, request):
    body = body_of(request)
    puts = body.get("Puts") or []
    deletes = body.get("Deletes") or []
    if not all(isinstance(p.get("Key"), str) and isinstance(p.get("Value"), str) for p in puts):
        raise KvsError("ValidationException", 400, "Each put needs a Key and a Value.")

    def change(keys):
        for put in puts:
            keys[put["Key"]] = put["Value"]
        for delete in deletes:
            keys.pop(delete.get("Key"), None)

    return checked_write(store, request, change)


def route(request):
    arn, _, rest = unquote(request.path[len(PREFIX) :]).partition("/keys")
    store = find_store(arn)
    method = request.method
    if rest == "" and request.path.rstrip("/").endswith(arn) and method == "GET":
        return describe(store, request)
    if rest in ("", "/"):
        if method == "GET":
            return list_keys(store, request)
        if method == "POST":
            return update_keys(store, request)
    key = rest[1:]
    if method == "GET":
        return get_key(store, key)
    if method == "PUT":
        return put_key(store, request, key)
    if method == "DELETE":
        return delete_key(store, request, key)
    raise KvsError("ValidationException", 400, f"{method} {request.path} is no KeyValueStore call.")


def answer(environ, start_response):
    request = Request(environ)
    if request.method != "GET":
        recorder._record_request(request)
    try:
        result, headers = route(request)
        response = Response(json.dumps(result), 200, headers, content_type="application/json")
    except KvsError as error:
        response = Response(
            json.dumps({"message": error.message}),
            error.status,
            {"x-amzn-ErrorType": error.kind},
            content_type="application/json",
        )
    return response(environ, start_response)


moto_create_store = CloudFrontBackend.create_key_value_store


def create_store_with_keys(self, name, comment, tags):
    # At creation, not at the first read: the sandbox replays only writes, and its seeded
    # ids must be drawn in the same order as when they were recorded.
    store = moto_create_store(self, name, comment, tags)
    store.keys = {}
    store.data_etag = new_etag()
    store.created = unix_time()
    store.data_modified = store.created
    return store


moto_dispatch = DomainDispatcherApplication.__call__


def dispatch_with_keyvaluestore(self, environ, start_response):
    if environ.get("PATH_INFO", "").startswith(PREFIX):
        return answer(environ, start_response)
    return moto_dispatch(self, environ, start_response)


def install():
    CloudFrontBackend.create_key_value_store = create_store_with_keys
    DomainDispatcherApplication.__call__ = dispatch_with_keyvaluestore
