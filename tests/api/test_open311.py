"""Open311 GeoReport v2: services and requests round-trip with the spec's field names."""

from __future__ import annotations

from sqlalchemy.orm import Session

from resonance.auth.services import create_token
from resonance.feedback.handling import create_form
from resonance.feedback.models import FeedbackForm
from resonance.organization.models import Role
from tests.api.conftest import Api
from tests.factories import SYSTEM, Org, actor_of, make_project, make_user

BASE = "/api/open311/v2"
FIELDS = [
    {"key": "topic", "type": "choice", "labels": {"en": "Topic"}, "options": ["Roads", "Water"]},
    {"key": "district", "type": "region", "labels": {"en": "District"}},
]


def _form(session: Session, org: Org, slug: str = "city-311") -> FeedbackForm:
    project = make_project(session, owner=org.dept_a)
    form = create_form(
        session,
        SYSTEM,
        project_id=project.id,
        values={"slug": slug, "titles": {"en": "City problems"}, "fields": FIELDS},
    )
    session.commit()
    return form


def test_services_list_forms_with_the_spec_fields(api: Api, session: Session, org: Org) -> None:
    _form(session, org)
    services = api.get(f"{BASE}/services.json", as_=None).json()
    assert services == [
        {
            "service_code": "city-311",
            "service_name": "City problems",
            "description": "Digital literacy",
            "metadata": True,
            "type": "realtime",
            "keywords": "",
            "group": "Digital literacy",
        }
    ]
    definition = api.get(f"{BASE}/services/city-311.json", as_=None).json()
    assert definition["service_code"] == "city-311"
    topic = definition["attributes"][0]
    assert topic["code"] == "topic"
    assert topic["datatype"] == "singlevaluelist"
    assert topic["values"] == [{"key": "Roads", "name": "Roads"}, {"key": "Water", "name": "Water"}]


def test_a_request_round_trips(api: Api, session: Session, org: Org) -> None:
    _form(session, org)
    posted = api.post(
        f"{BASE}/requests.json",
        as_=None,
        data={
            "service_code": "city-311",
            "description": "Pothole on Khreshchatyk 1",
            "lat": "50.45",
            "long": "30.52",
            "address_string": "Khreshchatyk 1",
            "attribute[topic]": "Roads",
            "attribute[district]": "Pecherskyi",
            "media_url": "https://img.example/p.jpg",
        },
    )
    assert posted.status_code == 200, posted.text
    [receipt] = posted.json()
    assert set(receipt) == {"service_request_id", "token", "service_notice", "account_id"}
    reference, token = receipt["service_request_id"], receipt["token"]
    [full] = api.get(f"{BASE}/requests/{reference}.json", as_=None, params={"token": token}).json()
    assert full["status"] == "open"
    assert full["service_code"] == "city-311"
    assert full["service_name"] == "City problems"
    assert full["description"] == "Pothole on Khreshchatyk 1"
    assert (full["lat"], full["long"]) == (50.45, 30.52)
    assert full["address"] == "Khreshchatyk 1"
    assert full["media_url"] == "https://img.example/p.jpg"
    assert full["agency_responsible"] == "Department A"
    assert {"requested_datetime", "updated_datetime", "expected_datetime", "status_notes"} <= set(
        full
    )
    [public] = api.get(f"{BASE}/requests/{reference}.json", as_=None).json()
    assert public["description"] is None
    assert public["lat"] is None
    listed = api.get(f"{BASE}/requests.json", as_="viewer").json()
    assert [r["service_request_id"] for r in listed] == [reference]
    assert listed[0]["description"] == "Pothole on Khreshchatyk 1"
    assert api.get(f"{BASE}/requests.json", as_=None).json() == []


def test_errors_use_the_open311_format(api: Api, session: Session, org: Org) -> None:
    _form(session, org)
    missing = api.post(f"{BASE}/requests.json", as_=None, data={"description": "x"})
    assert missing.status_code == 400
    assert missing.json() == [{"code": 400, "description": "service_code is required."}]
    unknown = api.get(f"{BASE}/services/nope.json", as_=None)
    assert unknown.status_code == 404
    assert unknown.json()[0]["code"] == 404
    bad_lat = api.post(
        f"{BASE}/requests.json",
        as_=None,
        data={"service_code": "city-311", "description": "x", "lat": "north"},
    )
    assert bad_lat.status_code == 400
    assert "lat must be a number" in bad_lat.json()[0]["description"]
    as_json = api.post(f"{BASE}/requests.json", as_=None, json={"service_code": "city-311"})
    assert as_json.json()[0]["description"].startswith("Send the request as")


def test_staff_of_another_department_do_not_get_items_via_the_v1_api(
    api: Api, session: Session, org: Org
) -> None:
    form = _form(session, org)
    api.post(
        f"{BASE}/requests.json",
        as_=None,
        data={"service_code": "city-311", "description": "Call me: someone@example.org"},
    )
    url = f"/api/v1/projects/{form.project_id}/feedback"
    page = api.get(url, as_="viewer").json()
    assert page["total"] == 1
    assert "someone@example.org" not in page["items"][0]["text"]  # redacted for a viewer
    full = api.get(url, as_="communication_lead").json()
    assert "someone@example.org" in full["items"][0]["text"]
    item_id = page["items"][0]["id"]
    assert api.get(f"{url}/{item_id}", as_="viewer").status_code == 200
    outsider = make_user(session, roles=[(org.dept_b, Role.COMMUNICATION_LEAD)])
    secret, _ = create_token(session, actor_of(session, outsider), user_id=outsider.id, name="b")
    session.commit()
    api.tokens["dept_b"] = secret
    assert api.get(f"{url}/{item_id}", as_="dept_b").status_code == 404
    assert api.get(url, as_="dept_b").status_code == 404
    assert api.get(f"{BASE}/requests.json", as_="dept_b").json() == []
