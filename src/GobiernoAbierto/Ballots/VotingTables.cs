using Weasel.Postgresql.Tables;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// The tables that sit beside Marten's event store, created by Marten's schema management.
/// participations: who took part (voter key, colonia), never what they chose.
/// voter_roll: the eligible voter keys, when staff load a roll.
/// ballot_replays: what a retried submission needs to get its receipt back, sealed (BallotBatch.Seal).
/// sealed_ballots: the sealed urn, accepted ballots encrypted until they are mixed into the chain (SealedUrn); ids are random.
/// None of them has a timestamp, a serial id or anything else that orders rows in time.
/// </summary>
public static class VotingTables
{
    public static IEnumerable<Table> Define(string schema)
    {
        var participations = new Table($"{schema}.participations");
        participations.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        participations.AddColumn<string>("voter_key").AsPrimaryKey();
        participations.AddColumn<string>("colonia_id").NotNull();
        yield return participations;

        var roll = new Table($"{schema}.voter_roll");
        roll.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        roll.AddColumn<string>("voter_key").AsPrimaryKey();
        yield return roll;

        var replays = new Table($"{schema}.ballot_replays");
        replays.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        replays.AddColumn<string>("lookup").AsPrimaryKey();
        replays.AddColumn("sealed_receipt", "bytea").NotNull();
        yield return replays;

        var urn = new Table($"{schema}.sealed_ballots");
        urn.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        urn.AddColumn<Guid>("id").AsPrimaryKey();
        urn.AddColumn("sealed", "bytea").NotNull();
        yield return urn;
    }
}
