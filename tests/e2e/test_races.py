"""Races decided by the database: a unique index, never a prior read."""

import threading

from bson import ObjectId

from api import PASSWORD, customer, document, unique_email


def run_together(n, fn):
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(i):
        barrier.wait()
        results[i] = fn(i)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_fifty_registrations_of_one_email(stack):
    import requests
    email = unique_email("race")
    variants = [email, email.upper(), " " + email, email.title()]

    def register(i):
        return requests.post(stack.url + "/auth/register", timeout=60, json={
            "email": variants[i % len(variants)], "password": PASSWORD,
            "name": f"Racer {i}", "phone": "+919876543210"})

    results = run_together(50, register)
    codes = sorted(r.status_code for r in results)
    assert codes == [201] + [400] * 49
    assert all(r.json() == {"detail": "Email already exists"} for r in results if r.status_code == 400)
    assert stack.db["user"].count_documents({"email": email}) == 1
    uid = stack.db["user"].find_one({"email": email})["_id"]
    assert stack.db["user_log"].count_documents({"action": "USER_REGISTERED", "user_id": uid}) == 1


def test_two_uploads_at_once(stack):
    """Two uploads by one customer at the same moment: one 200, one 409.
    Three rounds, each with a new customer: a race won once is no proof."""
    import requests
    docs = [document("aadhar"), document("pan")]
    for _ in range(3):
        u, auth = customer(stack)
        uid = ObjectId(u["id"])
        results = run_together(2, lambda i: requests.post(stack.url + "/kyc/upload", headers=auth,
                                                          json=docs[i], timeout=60))
        assert sorted(r.status_code for r in results) == [200, 409]
        assert [r.json() for r in results if r.status_code == 409] == [{"detail": "KYC already submitted"}]
        assert stack.db["kyc_doc"].count_documents({"user_id": uid}) == 1
        assert stack.db["user_log"].count_documents({"action": "KYC_SUBMITTED", "user_id": uid}) == 1
