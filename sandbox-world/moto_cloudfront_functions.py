"""CloudFront Functions' stages and a distribution's function associations, added to moto 5.2.5.

moto keeps one copy of a function (its DEVELOPMENT stage) and has no PublishFunction or
UpdateFunction, so a function can never reach the LIVE stage a distribution runs; it also
drops a cache behaviour's FunctionAssociations, answering `Quantity: 0` whatever was sent.
Added here, as the CloudFront API reference documents them:

- PublishFunction (POST /2020-05-31/function/{Name}/publish, If-Match: the DEVELOPMENT
  ETag): copies DEVELOPMENT to LIVE, which gets an ETag of its own;
- UpdateFunction (PUT /2020-05-31/function/{Name}, If-Match): new code and config in
  DEVELOPMENT, with a new ETag; LIVE is untouched until the next publish;
- DescribeFunction and GetFunction with `?Stage=LIVE`: the published copy, or
  NoSuchFunctionExists when the function was never published;
- a wrong If-Match is PreconditionFailed (412), a missing one InvalidIfMatchVersion (400);
- FunctionAssociations kept on the default and ordered cache behaviours, as sent.
"""

from moto.cloudfront import models, urls
from moto.cloudfront.exceptions import (
    CloudFrontException,
    InvalidIfMatchVersion,
    NoSuchFunctionExists,
)
from moto.cloudfront.models import random_id
from moto.cloudfront.responses import CloudFrontResponse
from moto.core.responses import ActionResult
from moto.core.utils import utcnow


class PreconditionFailed(CloudFrontException):
    def __init__(self) -> None:
        super().__init__(
            "PreconditionFailed",
            "The precondition in one or more of the request fields evaluated to false.",
        )


# moto finds an error's service (and so its HTTP status) from the module it is defined in.
PreconditionFailed.__module__ = "moto.cloudfront.exceptions"


class PublishedCopy:
    """The LIVE stage: what the function's DEVELOPMENT stage held when it was published."""

    def __init__(self, function):
        self.config = function.config
        self.code = function.code
        self.etag = random_id()
        self.created_time = utcnow()


def checked_if_match(function, if_match):
    if not if_match:
        raise InvalidIfMatchVersion
    if if_match != function.etag:
        raise PreconditionFailed


def summary(function, stage):
    if stage != "LIVE":
        return function.function_summary
    live = function.live
    return {
        "Name": function.name,
        "Status": "UNASSOCIATED",
        "FunctionConfig": live.config,
        "FunctionMetadata": {
            "FunctionARN": function.arn,
            "Stage": "LIVE",
            "CreatedTime": live.created_time,
            "LastModifiedTime": live.created_time,
        },
    }


def staged(backend, name, stage):
    function = backend.describe_function(name)
    if stage == "LIVE" and getattr(function, "live", None) is None:
        raise NoSuchFunctionExists(name)
    return function


def publish_function(self):
    name = self._get_param("Name")
    function = self.backend.describe_function(name)
    checked_if_match(function, self._get_param("IfMatch"))
    function.live = PublishedCopy(function)
    return ActionResult({"FunctionSummary": summary(function, "LIVE")})


def update_function(self):
    name = self._get_param("Name")
    function = self.backend.describe_function(name)
    checked_if_match(function, self._get_param("IfMatch"))
    function.config = self._get_param("FunctionConfig", {})
    function.code = self._get_param("FunctionCode")
    function.last_modified_time = utcnow()
    function.etag = random_id()
    return ActionResult({"FunctionSummary": summary(function, "DEVELOPMENT"), "ETag": function.etag})


def describe_function(self):
    stage = self._get_param("Stage") or "DEVELOPMENT"
    function = staged(self.backend, self._get_param("Name"), stage)
    etag = function.live.etag if stage == "LIVE" else function.etag
    return ActionResult({"FunctionSummary": summary(function, stage), "ETag": etag})


def get_function(self):
    stage = self._get_param("Stage") or "DEVELOPMENT"
    function = staged(self.backend, self._get_param("Name"), stage)
    copy = function.live if stage == "LIVE" else function
    return ActionResult(
        {"FunctionCode": copy.code, "ETag": copy.etag, "ContentType": "application/octet-stream"}
    )


moto_cache_behaviour_init = models.DefaultCacheBehaviour.__init__


def cache_behaviour_with_functions(self, config):
    moto_cache_behaviour_init(self, config)
    associations = config.get("FunctionAssociations") or {}
    items = associations.get("Items") or []
    self.function_associations = {"Quantity": len(items), "Items": items} if items else {"Quantity": 0}


def install():
    urls.url_paths["{0}/2020-05-31/function/(?P<function_name>[^/]+)/publish$"] = (
        CloudFrontResponse.dispatch
    )
    CloudFrontResponse.publish_function = publish_function
    CloudFrontResponse.update_function = update_function
    CloudFrontResponse.describe_function = describe_function
    CloudFrontResponse.get_function = get_function
    models.DefaultCacheBehaviour.__init__ = cache_behaviour_with_functions
