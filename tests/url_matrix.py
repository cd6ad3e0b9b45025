"""Role x URL x object registry walked by tests/test_url_matrix.py. Every named URL of the
URLconf needs exactly one entry here (admin/ is Django's own and guarded by is_staff).

HOW TO ADD AN ENTRY (one line):

    "app:name": E("case", "goal", get=RECORD, post=CASE_WRITE),

- positional args: how to build the URL's arguments, in order. A name is a key of the object
  world in tests/url_matrix_world.py (help_request, conversation, resident, household, case, goal,
  action, consent, follow_up, unplanned_conversation, decision_conversation, decision, objection,
  referral, organisation, person, dispute, restriction, draft_report, published_report, example,
  submitted_example, invitation, document) and gives that object's pk; "=text" is passed literally
  (a slug, or SURVEY_TOKEN: the token the world's survey invitation was issued with).
- get: the expected status per persona for a GET, as nine codes in PERSONAS order
  (worker colleague stranger team_leader other_team_leader council_member partner_worker
  other_partner_worker administrator), e.g. "200 200 404 200 404 403 403 403 403". A redirect is
  302 whatever its target. Leave get out when the view refuses GET (require_POST): then every
  persona must get 405.
- post: the personas WITHOUT the right to this POST (a tuple of names; use the sets below). Each
  must get 403 or 404 and the database must not change. Personas with the right are not posted
  as (their behaviour is tested in the app's own tests). Leave post out when the view takes no POST.
- anonymous=200 (or another code) for pages open to visitors; by default an anonymous GET must
  be sent to the login page.
- stranger_sees_name="why": a 200 for stranger / other_team_leader / council_member /
  other_partner_worker / administrator may show the resident's full name only with a reason.

worker owns the records (assigned worker, case director, decision preparer); colleague works in
the same zone; stranger and other_team_leader belong to the other zone and team; partner_worker's
organisation has the referral, the consent and a plan action; other_partner_worker's has none.
"""

from __future__ import annotations

from dataclasses import dataclass

# The token the world's survey invitation letter was issued with (tests/url_matrix_world.py).
SURVEY_TOKEN = "matrix-survey-token-Xy7Qk2Lr9Vb4Nw8Zt1Hc6Jd3Mf5Pg0s"

PERSONAS = ("worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
            "partner_worker", "other_partner_worker", "administrator")
# Personas that have no business with this resident: a 200 for them must not show the name.
OUTSIDERS = ("stranger", "other_team_leader", "council_member", "other_partner_worker", "administrator")


@dataclass(frozen=True)
class E:
    args: tuple[str, ...]
    get: str | None
    post: tuple[str, ...] | None
    anonymous: int | None
    stranger_sees_name: str

    def __init__(self, *args: str, get: str | None = None, post: tuple[str, ...] | None = None,
                 anonymous: int | None = None, stranger_sees_name: str = "") -> None:
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "get", get)
        object.__setattr__(self, "post", post)
        object.__setattr__(self, "anonymous", anonymous)
        object.__setattr__(self, "stranger_sees_name", stranger_sees_name)

    def expected_get(self) -> dict[str, int]:
        codes = [int(code) for code in (self.get or " ".join(["405"] * len(PERSONAS))).split()]
        assert len(codes) == len(PERSONAS), f"{self.get!r}: need {len(PERSONAS)} codes"
        return dict(zip(PERSONAS, codes, strict=True))


# GET profiles that recur.
REDIRECT_ALL = "302 302 302 302 302 302 302 302 302"
EVERYONE = "200 200 200 200 200 200 200 200 200"
INTAKE_ROLE_PAGE = "200 200 200 200 200 403 403 403 403"   # front-door staff only
INTAKE_RECORD = "200 200 404 200 404 403 403 403 403"      # the zone's staff; others as if absent
CASE_RECORD = "200 200 404 200 404 404 200 404 404"        # + the partner with consent (shared parts)
CASE_EDIT_PAGE = "200 200 404 403 404 404 403 404 404"     # the plan's writers; readers 403
TEAM_LEADERS = "403 403 403 200 200 403 403 403 403"
ADMINISTRATOR = "403 403 403 403 403 403 403 403 200"
REPORT_READERS = "403 403 403 200 200 200 403 403 200"    # council members: published reports only
REPORT_MANAGERS = "404 404 404 200 200 404 404 404 200"   # any report; others as if absent
PUBLISHED_REPORT = "404 404 404 200 200 200 404 404 200"  # + council members
EXAMPLE_RECORD = "200 200 404 200 404 404 404 404 404"    # the case's staff
RIGHTS_PAGE = "200 403 404 200 404 403 403 403 403"       # handling worker and team leader (privacy)

# POST refusal sets.
NOT_FRONT_DOOR = ("council_member", "partner_worker", "other_partner_worker", "administrator")
OTHER_ZONE = ("stranger", "other_team_leader")
INTAKE_WRITE = OTHER_ZONE + NOT_FRONT_DOOR
WORKER_WRITE = (*INTAKE_WRITE, "team_leader")   # team leaders read along, do not write
NOT_TEAM_LEADER = ("worker", "colleague", "stranger", "other_team_leader", *NOT_FRONT_DOOR)
NOT_REPORT_MANAGER = ("worker", "colleague", "stranger", "council_member", "partner_worker", "other_partner_worker")
NOT_WORKER = ("team_leader", "other_team_leader", *NOT_FRONT_DOOR)
NOT_CASE_STAFF = (*OTHER_ZONE, *NOT_FRONT_DOOR)
NOT_RIGHTS_HANDLER = ("colleague", *INTAKE_WRITE)
EVERYONE_BUT_PARTNER = ("worker", "colleague", "stranger", "team_leader", "other_team_leader", "council_member",
                        "other_partner_worker", "administrator")

URLS: dict[str, E] = {
    "home": E(get=REDIRECT_ALL),
    "accounts:login": E(get=REDIRECT_ALL, anonymous=200),
    "accounts:logout": E(),
    "accounts:two_factor_verify": E(get=REDIRECT_ALL),
    "accounts:two_factor_enrol": E(get=REDIRECT_ALL),
    # Everyone's own passkeys; a passkey is removed only by its owner (the worker's here).
    "accounts:passkeys": E(get="200 200 200 200 200 200 200 200 200"),
    "accounts:passkey_remove": E("passkey", post=tuple(p for p in PERSONAS if p != "worker")),
    "accounts:passkey_rename": E("passkey", post=tuple(p for p in PERSONAS if p != "worker")),
    # django-otp-webauthn's ceremonies answer POST only (their own tests; ours in
    # tests/test_security_two_factor.py and tests/browser); its translations are a script.
    "otp_webauthn:credential-registration-begin": E(),
    "otp_webauthn:credential-registration-complete": E(),
    "otp_webauthn:credential-authentication-begin": E(),
    "otp_webauthn:credential-authentication-complete": E(),
    "otp_webauthn:js-i18n-catalog": E(get="200 200 200 200 200 200 200 200 200"),
    "intake:queue": E(get=INTAKE_ROLE_PAGE),
    "intake:my_work": E(get=INTAKE_ROLE_PAGE),
    "intake:register": E(get=INTAKE_ROLE_PAGE, post=NOT_FRONT_DOOR),
    "intake:request_new": E("resident", get=INTAKE_ROLE_PAGE, post=NOT_FRONT_DOOR,
                            stranger_sees_name="by design any intake worker registers a request for a resident "
                                               "found by the municipality-wide search (logged)"),
    "intake:request_detail": E("help_request", get=INTAKE_RECORD),
    "intake:request_settle": E("help_request", post=INTAKE_WRITE),
    "intake:request_correct": E("help_request", post=INTAKE_WRITE),
    "intake:request_assign": E("help_request", post=INTAKE_WRITE),
    "intake:request_link": E("help_request", post=INTAKE_WRITE),
    "intake:conversation_start": E("help_request", post=INTAKE_WRITE),
    "intake:conversation": E("conversation", get=INTAKE_RECORD, post=WORKER_WRITE),
    "intake:conversation_finish": E("conversation", post=WORKER_WRITE),
    "intake:resident": E("resident", get=INTAKE_RECORD),
    "intake:resident_move": E("resident", post=INTAKE_WRITE),
    "intake:resident_export": E("resident", get="403 403 404 200 404 403 403 403 403"),
    "intake:household": E("household", get=INTAKE_RECORD),
    "cases:my_work": E(get=INTAKE_ROLE_PAGE),
    "cases:notifications": E(get=INTAKE_ROLE_PAGE),
    "cases:notifications_read": E(post=NOT_FRONT_DOOR),
    "cases:shared": E(get="403 403 403 403 403 403 200 200 403"),
    "cases:team": E(get=TEAM_LEADERS),
    "cases:open": E("unplanned_conversation", post=INTAKE_WRITE),
    "cases:detail": E("case", get=CASE_RECORD),
    "cases:summary": E("case", post=WORKER_WRITE),
    "cases:goal_add": E("case", post=WORKER_WRITE),
    "cases:goal_edit": E("case", "goal", get=CASE_EDIT_PAGE, post=WORKER_WRITE),
    "cases:action_add": E("case", post=WORKER_WRITE),
    "cases:action_status": E("case", "action", post=WORKER_WRITE),
    "cases:feedback": E("case", "action", get="200 200 404 403 404 404 302 404 404",
                        post=(*OTHER_ZONE, "team_leader", "council_member", "other_partner_worker",
                              "administrator")),
    "cases:complex": E("case", post=WORKER_WRITE),
    "cases:reassign": E("case", post=INTAKE_WRITE),
    "cases:evaluate": E("case", get=CASE_EDIT_PAGE, post=WORKER_WRITE),
    "cases:close": E("case", post=WORKER_WRITE),
    "cases:consent_add": E("case", post=WORKER_WRITE),
    "cases:consent_withdraw": E("case", "consent", post=INTAKE_WRITE),
    "cases:pdf": E("case", get="200 200 404 200 404 404 404 404 404"),
    "cases:follow_up": E("follow_up", post=WORKER_WRITE),
    "cases:document_upload": E("case", post=WORKER_WRITE),
    # Municipal staff who see the plan; a partner with consent to the plan still gets 404.
    "cases:document_download": E("case", "document", get="200 200 404 200 404 404 404 404 404"),
    "cases:document_remove": E("case", "document", post=WORKER_WRITE),
    "mandates:approvals": E(get=INTAKE_ROLE_PAGE),
    "mandates:clocks": E(get=INTAKE_ROLE_PAGE),
    "mandates:decision_new": E("decision_conversation", get=INTAKE_RECORD, post=INTAKE_WRITE),
    "mandates:decision": E("decision", get=INTAKE_RECORD),
    "mandates:decision_correct": E("decision", get=INTAKE_RECORD, post=INTAKE_WRITE),
    "mandates:decision_term": E("decision", post=INTAKE_WRITE),
    "mandates:decision_decide": E("decision", post=INTAKE_WRITE),
    "mandates:decision_submit": E("decision", post=INTAKE_WRITE),
    "mandates:decision_discard": E("decision", post=INTAKE_WRITE),
    # The world's decision is sent: nobody may revise it (a sent decision is corrected instead).
    "mandates:decision_revise": E("decision", get="403 403 404 403 404 403 403 403 403", post=INTAKE_WRITE),
    # The letter is rendered by a Celery task after commit, which a rolled-back test never runs.
    "mandates:letter_status": E("decision", get="302 302 404 302 404 403 403 403 403"),
    "mandates:letter_pdf": E("decision", get="404 404 404 404 404 403 403 403 403"),
    "mandates:allocation_xml": E("decision", get="404 404 404 404 404 403 403 403 403"),
    "mandates:objection_new": E("decision", post=INTAKE_WRITE),
    "mandates:clock_record": E("help_request", "=receipt", post=INTAKE_WRITE),
    "mandates:objection_decide": E("objection", post=INTAKE_WRITE),
    "mandates:objection_extend": E("objection", post=INTAKE_WRITE),
    "partners:directory": E(get="200 200 200 200 200 403 200 200 200"),
    "partners:my_entry": E(get="404 404 404 404 404 403 302 404 404"),
    "partners:person_photo": E("person", get="404 404 404 404 404 403 404 404 404"),  # no photo uploaded
    "partners:person_edit": E("person", get="403 403 403 403 403 403 200 403 200",
                              post=("worker", "colleague", "stranger", "team_leader", "other_team_leader",
                                    "council_member", "other_partner_worker")),
    "partners:organisation": E("organisation", get="200 200 200 200 200 403 200 200 200"),
    "partners:person_new": E("organisation", get="403 403 403 403 403 403 403 403 200",
                             post=(*EVERYONE_BUT_PARTNER[:-1], "partner_worker")),
    "partners:referrals": E(get="200 200 200 200 200 403 200 200 403"),
    "partners:referral_new": E("conversation", get=INTAKE_RECORD, post=INTAKE_WRITE),
    "partners:plan_referral_new": E("case", get="200 200 404 403 404 403 403 403 403"),
    "partners:plan_referral_send": E("case", post=WORKER_WRITE),
    "partners:referral": E("referral", get="200 200 404 200 404 403 200 404 403"),
    "partners:referral_respond": E("referral", post=EVERYONE_BUT_PARTNER),
    "partners:referral_withdraw_consent": E("referral", post=INTAKE_WRITE),
    "reporting:team": E(get=TEAM_LEADERS),
    # Needs ?figure=... to list anything: the bare URL (all the matrix can send) is 404 for team leaders.
    "reporting:team_list": E(get="403 403 403 404 404 403 403 403 403"),
    "reporting:team_reassign_request": E("help_request", post=NOT_TEAM_LEADER),
    "reporting:team_reassign_case": E("case", post=NOT_TEAM_LEADER),
    "reporting:council": E(get="403 403 403 200 200 200 403 403 200"),
    "reporting:report_list": E(get=REPORT_READERS),
    "reporting:report_generate": E(post=NOT_REPORT_MANAGER),
    # A draft: a council member gets 404 as if it did not exist (published: see the exports).
    "reporting:report_detail": E("draft_report", get=REPORT_MANAGERS),
    "reporting:report_publish": E("draft_report", post=NOT_REPORT_MANAGER),
    "reporting:report_pdf": E("published_report", get=PUBLISHED_REPORT),
    "reporting:report_csv": E("published_report", get=PUBLISHED_REPORT),
    "reporting:report_json": E("published_report", get=PUBLISHED_REPORT),
    "reporting:example_list": E(get=INTAKE_ROLE_PAGE),
    "reporting:example_create": E("case", get="200 200 404 403 403 403 403 403 403",
                                  post=("stranger", *NOT_WORKER)),
    "reporting:example_edit": E("example", get=EXAMPLE_RECORD,
                                post=("colleague", "team_leader", *NOT_CASE_STAFF)),
    "reporting:example_review": E("submitted_example", post=("worker", "colleague", *NOT_CASE_STAFF)),
    "privacy:export_pdf": E("resident", get="403 403 404 200 404 403 403 403 403"),
    "privacy:dispute_new": E("resident", get=RIGHTS_PAGE, post=NOT_RIGHTS_HANDLER),
    "privacy:dispute_resolve": E("dispute", get=RIGHTS_PAGE, post=NOT_RIGHTS_HANDLER),
    "privacy:restrict": E("resident", get=RIGHTS_PAGE, post=NOT_RIGHTS_HANDLER),
    # The restricted resident is another one than the world's (a restriction hides them from all staff).
    "privacy:restrictions": E(get=ADMINISTRATOR),
    "privacy:restriction": E("restriction", get=ADMINISTRATOR),
    "privacy:restriction_lift": E("restriction", post=PERSONAS[:-1]),
    "privacy:retention": E(get=ADMINISTRATOR),
    "surveys:overview": E(get=TEAM_LEADERS),
    "surveys:letters": E(get=INTAKE_ROLE_PAGE),
    "surveys:letter": E("invitation", post=INTAKE_WRITE),
    "survey:code": E(get=EVERYONE, anonymous=200),
    "survey:answer_by_code": E(get=REDIRECT_ALL, anonymous=302),   # no code entered in this session
    "survey:answer": E(f"={SURVEY_TOKEN}", get=EVERYONE, anonymous=200),
    "survey:thanks": E(get=EVERYONE, anonymous=200),
    "audit:search": E(get=ADMINISTRATOR),
    "audit:verify": E(get=ADMINISTRATOR),
    "public:request": E(get=EVERYONE, anonymous=200),
    "public:thanks": E(get=EVERYONE, anonymous=200),
    "set_language": E(get=REDIRECT_ALL, anonymous=302),
}
