"""HTTP for the national-stock driver: keep-alive per thread, JSON, and retries that
survive a server killed in the middle of a request.

A request that got no answer may or may not have been committed. Reads are
simply repeated. For a write, the caller passes `committed`, a function that
asks the server whether the write took effect (and returns its result, or
None): it is called once the server answers again, and the write is repeated
only when it returns None. Without `retry_forever` (no --serve), a request
that gets no answer fails the run.
"""
import http.client
import json
import threading
import time
import urllib.parse
import uuid

TRANSPORT_ERRORS = (ConnectionError, http.client.HTTPException, TimeoutError, OSError)


class Refused(Exception):
    """The server answered with an error status."""

    def __init__(self, status, code, message, method, path):
        super().__init__("%s %s: HTTP %d %s %s" % (method, path, status, code, message))
        self.status, self.code, self.message = status, code, message


class Api:
    def __init__(self, url, retry_forever=False, timeout=600):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.retry_forever, self.timeout = retry_forever, timeout
        self.local = threading.local()
        self.retries = 0
        self.lock = threading.Lock()
        # Sessions expire after 30 idle minutes (the server's rule), and a stage may leave a
        # token unused for longer than that (the archivist's, from setup to the archive
        # stage): a 401 on a token this Api logged in renews it once, like a person would.
        self.credentials, self.renewed, self.relogins = {}, {}, 0

    def connection(self):
        # The server closes idle keep-alive connections: a request sent on one
        # it has just closed would fail without having been read. Reconnect
        # rather than reuse a connection idle for more than a second.
        now = time.monotonic()
        if getattr(self.local, "conn", None) is not None and now - self.local.used > 1.0:
            self.drop_connection()
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self.local.used = now
        return self.local.conn

    def drop_connection(self):
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            conn.close()
        self.local.conn = None

    def once(self, method, path, body, headers):
        conn = self.connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            self.local.used = time.monotonic()
            return response.status, payload
        except TRANSPORT_ERRORS:
            self.drop_connection()
            raise

    def wait_healthy(self, seconds):
        deadline = time.monotonic() + seconds
        while True:
            try:
                status, _ = self.once("GET", "/healthz", None, {})
                if status == 200:
                    return
            except TRANSPORT_ERRORS:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server at %s:%d does not answer /healthz" % (self.host, self.port))
            time.sleep(0.2)

    def send(self, method, path, body, headers, idempotent, committed):
        while True:
            try:
                return self.once(method, path, body, headers)
            except TRANSPORT_ERRORS:
                if not self.retry_forever:
                    raise
            with self.lock:
                self.retries += 1
            self.wait_healthy(300)
            if not idempotent and committed is not None:
                done = committed()
                if done is not None:
                    return "committed", done

    def call(self, method, path, body=None, token=None, content_type="application/json", idempotent=True,
             committed=None, expect=(200, 201)):
        token = self.current(token)
        try:
            return self.call_once(method, path, body, token, content_type, idempotent, committed, expect)
        except Refused as refused:
            # Authentication comes before anything else on the server: a 401 changed nothing.
            if refused.status != 401 or token not in self.credentials:
                raise
            return self.call_once(method, path, body, self.renew(token), content_type, idempotent, committed,
                                  expect)

    def current(self, token):
        with self.lock:
            while token in self.renewed:
                token = self.renewed[token]
        return token

    def renew(self, expired):
        fresh = self.login(self.credentials[expired])
        with self.lock:
            self.renewed[expired] = fresh
            self.relogins += 1
        return fresh

    def call_once(self, method, path, body, token, content_type, idempotent, committed, expect):
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is not None:
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            if isinstance(body, str):
                body = body.encode()
            headers["Content-Type"] = content_type
        status, payload = self.send(method, path, body, headers, idempotent or method == "GET", committed)
        if status == "committed":
            return payload
        return self.decode(method, path, status, payload, expect)

    def find(self, method, path, token=None):
        """The resource, or None when the server answers 404."""
        try:
            return self.call(method, path, token=token)
        except Refused as refused:
            if refused.status == 404:
                return None
            raise

    def upload(self, path, kind, filename, data, token, committed):
        boundary = "cesp-stock-" + uuid.uuid4().hex
        body = b"".join([
            b"--%s\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n%s\r\n" % (boundary.encode(), kind.encode()),
            b"--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n" % (boundary.encode(), filename.encode()),
            data, b"\r\n--%s--\r\n" % boundary.encode()])
        return self.call("POST", path, body, token=token, content_type="multipart/form-data; boundary=" + boundary,
                         idempotent=False, committed=committed)

    def login(self, credentials):
        login, password = credentials.split(":", 1)
        answer = self.call("POST", "/api/v1/session", {"login": login, "password": password})
        with self.lock:
            self.credentials[answer["token"]] = credentials
        return answer["token"]

    @staticmethod
    def decode(method, path, status, payload, expect):
        try:
            document = json.loads(payload) if payload else {}
        except ValueError:
            document = {"error": {"code": "not_json", "message": payload[:200].decode("utf-8", "replace")}}
        if status not in expect:
            error = document.get("error", {}) if isinstance(document, dict) else {}
            raise Refused(status, error.get("code", "?"), error.get("message", ""), method, path)
        return document
