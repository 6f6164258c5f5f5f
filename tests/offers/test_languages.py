"""Issue 15 for the offers and the public plan: a visitor reads the overview with its filters, an offer's page,
the folder, the verwijsfiche and "wat we beloofden, waar we staan" in the language they chose."""

from __future__ import annotations

from tests.offers.helpers import make_offer


def test_a_visitor_reads_the_offer_page_overview_folder_and_public_plan_in_their_language(client, db, network, people):
    offer = make_offer(db, network, people["member"], kansentarief_cents=150, uitpas=True)
    page = client.get(f"/n/zele/aanbod/{offer.id}?taal=fr")  # the language link a worker hands out
    assert page.status_code == 200
    assert '<html lang="fr"' in page.text
    assert "Enfants (0-12 ans)" in page.text and "Tarif social (kansentarief)" in page.text
    assert "Avec ta UiTPAS, tu as une réduction." in page.text
    assert "Cette offre a un obstacle pour moi" in page.text
    # The choice is remembered on the other visitor pages.
    overview = client.get("/n/zele/aanbod")
    assert "Offres pour les familles, les enfants et les jeunes" in overview.text
    assert "Tous les prix" in overview.text and "1 offre trouvée" in overview.text
    folder = client.get("/n/zele/aanbod/folder", params={"wijk": "Centrum"})
    assert "Offres à Zele · quartier Centrum" in folder.text
    sheet = client.get(f"/n/zele/aanbod/{offer.id}/verwijsfiche")
    assert "Qui demander : Sara" in sheet.text and "Orienté par :" in sheet.text
    plan = client.get("/n/zele/wat-we-beloofden?taal=uk")
    assert '<html lang="uk"' in plan.text
    assert "Що ми обіцяли і де ми зараз" in plan.text
