namespace GeoHub.Data.Migrations;

/// <summary>
/// What the Writes migration adds beyond EF's model: the change log (which carries every committed
/// write to subscribers on every instance), idempotency keys, and the constraints that keep
/// impossible states out even when writers race (a check in C# alone would let two concurrent
/// requests both pass it).
/// </summary>
internal static class WritesSql
{
    public const string Up = """
        -- Every committed write, in commit order of its id. Append-only: a correction is a new
        -- line with a reason, never an edit of an old one. NOTIFY is sent at commit, so a
        -- listener never hears of a write that rolled back.
        CREATE TABLE changes (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT statement_timestamp(),
            operation text NOT NULL,
            on_day date NOT NULL,
            entity text NOT NULL,
            entity_id integer NOT NULL,
            area_path text NOT NULL,
            compound_ids integer[] NOT NULL DEFAULT '{}',
            before jsonb,
            after jsonb,
            reason text,
            subject text
        );
        CREATE INDEX ix_changes_area_path ON changes (area_path text_pattern_ops);
        CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('geohub_changes', NEW.id::text);
            RETURN NULL;
        END $$;
        CREATE TRIGGER tr_changes_notify AFTER INSERT ON changes FOR EACH ROW EXECUTE FUNCTION notify_change();
        CREATE FUNCTION refuse_change_edit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'changes is append-only';
        END $$;
        CREATE TRIGGER tr_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON changes
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_edit();

        -- A request sent with an Idempotency-Key: its body's hash and the answer it got. The key
        -- row is written in the same transaction as the write, so a write is never done twice.
        CREATE TABLE idempotency_keys (
            subject text NOT NULL,
            key text NOT NULL,
            request_hash bytea NOT NULL,
            response text,
            status integer,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (subject, key)
        );
        CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);

        -- One secretary and one first secretary at a time per organisation; nobody holds the same
        -- role twice at once.
        ALTER TABLE party_roles ADD CONSTRAINT ex_party_roles_one_holder EXCLUDE USING gist
            (organization_id WITH =, kind WITH =, daterange("from", until) WITH &&) WHERE (kind IN ('Secretary', 'FirstSecretary'));
        ALTER TABLE party_roles ADD CONSTRAINT ex_party_roles_member_kind EXCLUDE USING gist
            (member_id WITH =, organization_id WITH =, kind WITH =, daterange("from", until) WITH &&);
        -- A compound is covered by one organisation at a time: checked for what writes record
        -- (WriteScope sets geohub.write). Not an exclusion constraint, because maps loaded as they
        -- were kept may hold a compound handed over with an overlap, which the figures count once.
        -- The advisory lock makes concurrent writers of one compound check one after the other.
        CREATE FUNCTION check_coverage_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('geohub.write', true) IS DISTINCT FROM 'on' THEN
                RETURN NEW;
            END IF;
            PERFORM pg_advisory_xact_lock(hashtext('organization_compounds'), NEW.compound_id);
            IF EXISTS (
                SELECT 1 FROM organization_compounds oc
                WHERE oc.compound_id = NEW.compound_id
                  AND (oc.organization_id, oc.covered_from) IS DISTINCT FROM (NEW.organization_id, NEW.covered_from)
                  AND daterange(oc.covered_from, oc.covered_until) && daterange(NEW.covered_from, NEW.covered_until)) THEN
                RAISE EXCEPTION 'compound % is covered by another organisation over that period', NEW.compound_id
                    USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'ex_organization_compounds_one_at_a_time';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER tr_organization_compounds_one_at_a_time BEFORE INSERT OR UPDATE OF compound_id, covered_from, covered_until
            ON organization_compounds FOR EACH ROW EXECUTE FUNCTION check_coverage_overlap();
        -- One owners' committee at a time per compound, one director per committee, one seat per member.
        ALTER TABLE owners_committees ADD CONSTRAINT ex_owners_committees_one_at_a_time EXCLUDE USING gist
            (compound_id WITH =, daterange(formed_on, dissolved_on) WITH &&);
        ALTER TABLE owners_committees ADD CONSTRAINT ck_owners_committees_dates CHECK (dissolved_on IS NULL OR dissolved_on > formed_on);
        -- One director at a time: for what writes record (a kept map may hand the chair over
        -- with an overlap), serialised per committee like the coverage rule below.
        CREATE FUNCTION check_one_director() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('geohub.write', true) IS DISTINCT FROM 'on' OR NEW.role <> 'Director' THEN
                RETURN NEW;
            END IF;
            PERFORM pg_advisory_xact_lock(hashtext('committee_seats'), NEW.committee_id);
            IF EXISTS (
                SELECT 1 FROM committee_seats s
                WHERE s.committee_id = NEW.committee_id AND s.role = 'Director' AND s.id IS DISTINCT FROM NEW.id
                  AND daterange(s."from", s.until) && daterange(NEW."from", NEW.until)) THEN
                RAISE EXCEPTION 'committee % has a director over that period', NEW.committee_id
                    USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'ex_committee_seats_one_director';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER tr_committee_seats_one_director BEFORE INSERT OR UPDATE OF role, committee_id, "from", until
            ON committee_seats FOR EACH ROW EXECUTE FUNCTION check_one_director();
        ALTER TABLE committee_seats ADD CONSTRAINT ex_committee_seats_member_once EXCLUDE USING gist
            (committee_id WITH =, party_member_id WITH =, daterange("from", until) WITH &&) WHERE (party_member_id IS NOT NULL);
        ALTER TABLE agreements ADD CONSTRAINT ck_agreements_dates CHECK (ended_on IS NULL OR ended_on > signed_on);
        ALTER TABLE venues ADD CONSTRAINT ck_venues_dates CHECK (closed_on IS NULL OR closed_on > opened_on);
        ALTER TABLE office_spaces ADD CONSTRAINT ck_office_spaces_dates CHECK (assigned_on IS NULL OR assigned_on >= added_on);

        -- A seat held by a party member: the member lives in the committee's compound on the
        -- seat's first day (a member of another compound cannot sit on this one), for what
        -- writes record (as the coverage rule above).
        CREATE FUNCTION check_seat_member() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('geohub.write', true) IS DISTINCT FROM 'on' THEN
                RETURN NEW;
            END IF;
            IF NEW.party_member_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM party_members m JOIN owners_committees c ON c.compound_id = m.compound_id
                WHERE m.id = NEW.party_member_id AND c.id = NEW.committee_id
                  AND (m.registered_on IS NULL OR m.registered_on <= NEW."from")
                  AND (m.left_on IS NULL OR m.left_on > NEW."from")) THEN
                RAISE EXCEPTION 'party member % does not live in the committee''s compound', NEW.party_member_id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_committee_seats_member_compound';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER tr_committee_seats_member_compound BEFORE INSERT OR UPDATE OF party_member_id, committee_id, "from"
            ON committee_seats FOR EACH ROW EXECUTE FUNCTION check_seat_member();

        -- Formation as of the day an organisation is formed: JOINT covers two compounds or more,
        -- STANDALONE exactly one, for what writes record (as above). Deferred to commit, when the
        -- organisation and its links are both written.
        CREATE FUNCTION check_organization_formation() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            org_id integer;
            o party_organizations;
            covered integer;
        BEGIN
            IF current_setting('geohub.write', true) IS DISTINCT FROM 'on' THEN
                RETURN NULL;
            END IF;
            -- NEW is read in the branch of its own table (plpgsql resolves its fields when run).
            IF TG_TABLE_NAME = 'party_organizations' THEN
                org_id := NEW.id;
            ELSE
                org_id := NEW.organization_id;
            END IF;
            SELECT * INTO o FROM party_organizations WHERE id = org_id;
            IF NOT FOUND THEN
                RETURN NULL;
            END IF;
            SELECT count(*) INTO covered FROM organization_compounds
            WHERE organization_id = org_id AND covered_from <= o.formed_on AND (covered_until IS NULL OR covered_until > o.formed_on);
            IF (o.formation = 'Joint' AND covered < 2) OR (o.formation = 'Standalone' AND covered <> 1) THEN
                RAISE EXCEPTION 'a % organisation covers % compounds on the day it is formed', o.formation, covered
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_party_organizations_formation';
            END IF;
            RETURN NULL;
        END $$;
        CREATE CONSTRAINT TRIGGER tr_party_organizations_formation AFTER INSERT OR UPDATE OF formation, formed_on
            ON party_organizations DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_organization_formation();
        CREATE CONSTRAINT TRIGGER tr_organization_compounds_formation AFTER INSERT OR UPDATE
            ON organization_compounds DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_organization_formation();
        """;

    public const string Down = """
        DROP TRIGGER tr_organization_compounds_formation ON organization_compounds;
        DROP TRIGGER tr_party_organizations_formation ON party_organizations;
        DROP FUNCTION check_organization_formation();
        DROP TRIGGER tr_committee_seats_member_compound ON committee_seats;
        DROP FUNCTION check_seat_member();
        ALTER TABLE office_spaces DROP CONSTRAINT ck_office_spaces_dates;
        ALTER TABLE venues DROP CONSTRAINT ck_venues_dates;
        ALTER TABLE agreements DROP CONSTRAINT ck_agreements_dates;
        ALTER TABLE committee_seats DROP CONSTRAINT ex_committee_seats_member_once;
        DROP TRIGGER tr_committee_seats_one_director ON committee_seats;
        DROP FUNCTION check_one_director();
        ALTER TABLE owners_committees DROP CONSTRAINT ck_owners_committees_dates;
        ALTER TABLE owners_committees DROP CONSTRAINT ex_owners_committees_one_at_a_time;
        DROP TRIGGER tr_organization_compounds_one_at_a_time ON organization_compounds;
        DROP FUNCTION check_coverage_overlap();
        ALTER TABLE party_roles DROP CONSTRAINT ex_party_roles_member_kind;
        ALTER TABLE party_roles DROP CONSTRAINT ex_party_roles_one_holder;
        DROP TABLE idempotency_keys;
        DROP TRIGGER tr_changes_append_only ON changes;
        DROP TRIGGER tr_changes_notify ON changes;
        DROP FUNCTION refuse_change_edit();
        DROP FUNCTION notify_change();
        DROP TABLE changes;
        """;
}
