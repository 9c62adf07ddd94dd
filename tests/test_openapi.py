"""The OpenAPI schema documents every endpoint of API.md, with its bodies."""

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/auth/token/": ["post"],
    "/api/v1/me/": ["get", "patch"],
    "/api/v1/organisations/": ["get"],
    "/api/v1/working-groups/": ["get"],
    "/api/v1/procedures/": ["get"],
    "/api/v1/proposals/": ["get", "post"],
    "/api/v1/proposals/{id}/": ["get", "patch"],
    "/api/v1/proposals/{id}/sections/": ["post"],
    "/api/v1/proposals/{id}/sections/{sid}/": ["patch", "delete"],
    "/api/v1/proposals/{id}/transitions/": ["get"],
    "/api/v1/proposals/{id}/transitions/{name}/": ["post"],
    "/api/v1/proposals/{id}/history/": ["get"],
    "/api/v1/proposals/{id}/versions/": ["get"],
    "/api/v1/proposals/{id}/versions/{n}/": ["get"],
    "/api/v1/proposals/{id}/versions/{a}/diff/{b}/": ["get"],
    "/api/v1/proposals/{id}/comments/": ["get", "post"],
    "/api/v1/comments/{cid}/hide/": ["post"],
    "/api/v1/proposals/{id}/amendments/": ["get", "post"],
    "/api/v1/amendments/{aid}/support/": ["post"],
    "/api/v1/amendments/{aid}/decision/": ["post"],
    "/api/v1/proposals/{id}/consultation-report/": ["get"],
    "/api/v1/proposals/{id}/ballot/": ["get", "put"],
    "/api/v1/proposals/{id}/results/": ["get"],
    "/api/v1/proposals/{id}/board-decisions/": ["post"],
    "/api/v1/proposals/{id}/papers/": ["get"],
    "/api/v1/proposals/{id}/preview/": ["post"],
    "/api/v1/papers/{pid}/download/": ["get"],
}


def _normalise(path: str) -> str:
    import re

    return re.sub(r"\{[^}]+\}", "{}", path)


def test_schema_documents_every_endpoint_with_bodies(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = {_normalise(p): ops for p, ops in schema["paths"].items()}
    for path, methods in ENDPOINTS.items():
        ops = paths.get(_normalise(path))
        assert ops is not None, f"{path} missing from the schema"
        for method in methods:
            assert method in ops, f"{method.upper()} {path} missing"
            op = ops[method]
            assert op.get("responses"), f"{method.upper()} {path} has no responses"
            if method in ("post", "put", "patch") and not path.endswith(
                ("/support/", "/download/")
            ):
                assert "requestBody" in op, f"{method.upper()} {path} has no request body"


def test_the_schema_is_generated_without_a_warning(tmp_path):
    """drf-spectacular warns when it has to guess (a view without a model, a field
    without a type): a guess is an undocumented parameter or body."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert (tmp_path / "schema.yml").read_text().startswith("openapi:")


def _schema(client):
    return client.get("/api/schema/?format=json").json()


ERROR_REF = "#/components/schemas/Error"


@pytest.mark.parametrize(
    ("method", "path", "documented", "not_documented"),
    [
        ("post", "/api/v1/auth/token/", {400, 401, 415}, {403, 404, 409}),
        ("get", "/api/v1/proposals/", {400, 401, 404}, {403, 409}),
        ("get", "/api/v1/proposals/{id}/", {400, 401, 404}, {409}),
        ("patch", "/api/v1/proposals/{id}/sections/{sid}/", {400, 401, 403, 404, 409, 415}, set()),
        ("post", "/api/v1/proposals/{id}/transitions/{name}/", {400, 401, 403, 404, 409}, set()),
        ("put", "/api/v1/proposals/{id}/ballot/", {400, 401, 403, 404, 409, 415}, set()),
        ("post", "/api/v1/comments/{cid}/hide/", {400, 401, 403, 404, 409}, set()),
        ("post", "/api/v1/proposals/{id}/board-decisions/", {400, 401, 403, 404, 409}, set()),
    ],
)
def test_the_schema_documents_the_error_statuses_each_endpoint_answers(
    client, method, path, documented, not_documented
):
    responses = _schema(client)["paths"][path][method]["responses"]
    statuses = {int(status) for status in responses}

    assert documented <= statuses
    assert not (not_documented & statuses)
    for status in documented:
        content = responses[str(status)]["content"]["application/json"]["schema"]
        assert "$ref" in content, f"{method.upper()} {path} {status} has no error body"


def test_the_error_body_is_one_component(client):
    error = _schema(client)["components"]["schemas"]["Error"]

    assert set(error["required"]) == {"detail", "code"}
    assert set(error["properties"]) == {"detail", "code", "errors", "failed_guards"}
    responses = _schema(client)["paths"]["/api/v1/proposals/{id}/"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"]["$ref"] == ERROR_REF


def test_the_schema_states_the_limits_of_spec_14(client):
    from config import limits

    components = _schema(client)["components"]["schemas"]

    def max_length(component, field):
        return components[component]["properties"][field].get("maxLength")

    assert max_length("ProposalCreateInputRequest", "title") == limits.TITLE_MAX
    assert max_length("ProposalCreateInputRequest", "summary") == limits.SUMMARY_MAX
    assert max_length("SectionCreateInputRequest", "heading") == limits.HEADING_MAX
    assert max_length("SectionCreateInputRequest", "body") == limits.SECTION_BODY_MAX
    assert max_length("PatchedSectionUpdateInputRequest", "body") == limits.SECTION_BODY_MAX
    assert max_length("CommentInputRequest", "body") == limits.COMMENT_MAX
    assert max_length("AmendmentInputRequest", "justification") == limits.JUSTIFICATION_MAX
    assert max_length("AmendmentInputRequest", "text") == limits.AMENDMENT_TEXT_MAX
    assert max_length("DecisionInputRequest", "response") == limits.RESPONSE_MAX
    assert max_length("HideInputRequest", "reason") == limits.HIDE_REASON_MAX


def test_the_schema_bounds_the_query_and_path_numbers(client):
    paths = _schema(client)["paths"]

    def parameters(path):
        return {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}

    proposals = parameters("/api/v1/proposals/")
    assert proposals["page_size"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 200,
        "default": 50,
    }
    assert proposals["page"]["minimum"] == 1
    assert proposals["working_group"]["minimum"] == 1
    assert proposals["q"]["maxLength"] == 200
    comments = parameters("/api/v1/proposals/{id}/comments/")
    assert (
        comments["section"]
        == comments["paragraph"]
        == {
            "type": "integer",
            "minimum": 1,
            "maximum": 2**31 - 1,
        }
    )
    assert comments["id"]["maximum"] == 2**63 - 1


def test_bodies_are_json_and_a_patch_names_what_it_requires(client):
    schema = _schema(client)
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if "requestBody" in op:
                content = list(op["requestBody"]["content"])
                # The network's logo is uploaded as a file: that one body is multipart too.
                expected = ["application/json"]
                if path == "/api/v1/network/":
                    expected = ["application/json", "multipart/form-data"]
                # A translation's XLIFF file is imported as the file itself.
                if path == "/api/v1/proposals/{id}/translations/{lang}/xliff/":
                    expected = ["application/xliff+xml"]
                assert content == expected, f"{method.upper()} {path}: {content}"
    patch = schema["paths"]["/api/v1/proposals/{id}/sections/{sid}/"]["patch"]
    assert patch["requestBody"]["required"] is True
    section_update = schema["components"]["schemas"]["PatchedSectionUpdateInputRequest"]
    assert section_update["required"] == ["revision"]
    proposal_update = schema["components"]["schemas"]["PatchedProposalUpdateInputRequest"]
    assert "required" not in proposal_update
