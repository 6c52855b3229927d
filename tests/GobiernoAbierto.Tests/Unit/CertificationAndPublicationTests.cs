using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_ieeq_certifies_the_tally
{
    private const string Auditor = "auditoria@ieeq.test";
    private static readonly DateTimeOffset Now = JornadaBuilder.Closes.AddDays(1);

    private readonly JornadaBuilder _closed = JornadaBuilder.Open().WithOnlineBallots("A", "B", "A").Closed();

    private string SealHash => _closed.Ballots.Last().Hash;

    [Fact]
    public void the_seal_hash_recomputed_by_the_auditor_certifies_the_tally()
    {
        var certified = Decisions.Event<TallyCertified>(CertifyTallyEndpoint.Decide(_closed.Build(),
            new CertifyTally(SealHash, "  Sin incidencias.  "), Auditor, Now));

        Assert.Equal((_closed.Id, SealHash, Auditor, "Sin incidencias.", Now),
            (certified.JornadaId, certified.SealHash, certified.CertifiedBy, certified.Observations, certified.CertifiedAt));
        Assert.Equal(JornadaStatus.Certified, _closed.Then(certified).Build().Status);
    }

    [Fact]
    public void the_hash_may_be_sent_in_upper_case_and_the_seal_keeps_its_own_form()
    {
        var certified = Decisions.Event<TallyCertified>(CertifyTallyEndpoint.Decide(_closed.Build(),
            new CertifyTally(SealHash.ToUpperInvariant(), null), Auditor, Now));

        Assert.Equal(SealHash, certified.SealHash);
        Assert.Null(certified.Observations);
    }

    [Fact]
    public void the_record_seal_noted_at_the_close_certifies_the_tally_as_the_ballots_final_hash_does()
    {
        var recordSeal = _closed.Events.OfType<JornadaClosed>().Single().Record!.Hash;

        var certified = Decisions.Event<TallyCertified>(CertifyTallyEndpoint.Decide(_closed.Build(), new CertifyTally(recordSeal, null), Auditor, Now));

        Assert.NotEqual(SealHash, recordSeal);
        Assert.Equal(SealHash, certified.SealHash); // the event names the ballots' final hash, as the record's rules read it
        Assert.Equal(NotedHashKind.RecordSeal, certified.Noted); // and which of the two the auditor typed, for the acta
        Assert.Equal(NotedHashKind.FinalHash, Decisions.Event<TallyCertified>(CertifyTallyEndpoint.Decide(_closed.Build(),
            new CertifyTally(SealHash, null), Auditor, Now)).Noted);
    }

    [Fact]
    public void the_opening_hash_typed_instead_of_the_seal_is_named_as_such_and_certifies_nothing()
    {
        var opening = _closed.Events.OfType<JornadaOpened>().Single().Record!.Hash;

        var refused = CertifyTallyEndpoint.Decide(_closed.Build(), new CertifyTally(opening, null), Auditor, Now).Rejection!;

        Assert.Equal(("seal_mismatch", "Ese es el hash de la apertura"), (refused.Code, refused.Title));
        Assert.Contains("no el sello del registro", refused.Detail);
        Assert.DoesNotContain("cambió", refused.Detail); // not the words of a seal that changed since the close
    }

    /// <summary>
    /// The audit log's line named only the ballots' seal, under the word «sello», while the auditor had just compared the
    /// sello del registro: it names both now, the one the auditor compared first.
    /// </summary>
    [Fact]
    public void the_audit_log_names_the_record_seal_the_auditor_compared_and_the_ballots_seal()
    {
        var recordSeal = _closed.Events.OfType<JornadaClosed>().Single().Record!.Hash;
        var certified = Decisions.Event<TallyCertified>(CertifyTallyEndpoint.Decide(_closed.Build(), new CertifyTally(recordSeal, "Sin incidencias."), Auditor, Now));

        var entry = AuditLogProjection.Apply(certified, new AuditLog(_closed.Id, [])).Entries.Single();

        Assert.Equal($"Certificó el cómputo: sello del registro {recordSeal} (hash final de las boletas {SealHash}); escribió el sello del registro que " +
                     "anotó al cierre y coincidió. Observaciones: Sin incidencias.", entry.Action);
        Assert.Equal("Al certificar escribió el sello del registro que anotó al cierre, y el servicio comprobó que es el de esta Jornada.",
            CertifyTallyEndpoint.WhatWasTyped(certified)); // the acta's sentence
        Assert.Equal("Al certificar escribió el hash final de las boletas que anotó al cierre, y el servicio comprobó que es el de esta Jornada.",
            CertifyTallyEndpoint.WhatWasTyped(certified with { Noted = NotedHashKind.FinalHash }));
        // A certification recorded before the service kept which hash was typed claims no comparison, in the acta or the log.
        Assert.DoesNotContain("comprobó", CertifyTallyEndpoint.WhatWasTyped(certified with { Noted = null }));
        Assert.Equal($"Certificó el cómputo: sello del registro {recordSeal} (hash final de las boletas {SealHash}). Observaciones: Sin incidencias.",
            AuditLogProjection.Apply(certified with { Noted = null }, new AuditLog(_closed.Id, [])).Entries.Single().Action);
    }

    /// <summary>
    /// The auditor types back what they noted: the seal sheet prints the sello del registro in groups of eight, README's
    /// command puts it in quotes. Neither the spaces, the quotes nor the case are part of the hash (API and console alike).
    /// </summary>
    [Theory]
    [InlineData("grouped")]
    [InlineData("quoted")]
    [InlineData("upper")]
    public void the_record_seal_typed_as_the_sheet_prints_it_certifies(string form)
    {
        var recordSeal = _closed.Events.OfType<JornadaClosed>().Single().Record!.Hash;
        var grouped = string.Join(' ', recordSeal.Chunk(8).Select(g => new string(g)));
        var typed = form switch { "grouped" => grouped, "quoted" => $"  «{grouped}»\n", _ => $"\"{recordSeal.ToUpperInvariant()}\"" };
        var command = new CertifyTally(typed, null, ExportVerified: true);

        Assert.True(new CertifyTallyValidator().Validate(command).IsValid);
        Assert.Equal(SealHash, Decisions.Event<TallyCertified>(CertifyTallyEndpoint.Decide(_closed.Build(), command, Auditor, Now)).SealHash);
    }

    [Fact]
    public void a_certification_without_the_noted_hash_or_with_something_else_is_refused_in_spanish()
    {
        var validator = new CertifyTallyValidator();

        Assert.Equal("Escriba el sello del registro que anotó al cierre: los 64 caracteres de su hoja del sello de cierre.",
            Assert.Single(validator.Validate(new CertifyTally("", null, ExportVerified: true)).Errors).ErrorMessage);
        Assert.Contains("64 caracteres hexadecimales", Assert.Single(validator.Validate(new CertifyTally("e8b3a378 ff564a3c", null, ExportVerified: true)).Errors).ErrorMessage);
        // The declaration the acta states is asked for, not assumed.
        Assert.StartsWith("Declare que verificó la exportación",
            Assert.Single(validator.Validate(new CertifyTally(SealHash, null)).Errors).ErrorMessage);
    }

    [Fact]
    public void a_mismatch_says_which_hash_was_written_and_that_nothing_was_certified()
    {
        var wrong = new string('c', 64);

        var refusal = CertifyTallyEndpoint.Decide(_closed.Build(), new CertifyTally(wrong.ToUpperInvariant(), null), Auditor, Now).Rejection!;

        Assert.Equal(("seal_mismatch", 409), (refusal.Code, refusal.Status));
        Assert.Contains($"El hash escrito ({wrong}) no es el sello del registro de esta Jornada", refusal.Detail);
        Assert.Contains("no se certificó nada", refusal.Detail);
    }

    /// <summary>
    /// The IEEQ's tester read «sello a3873145…» in the audit log at the close, the ballots' final hash, and «Sello del
    /// registro» on the seal sheet, the one to note: «sello» now names only the record's seal.
    /// </summary>
    [Fact]
    public void the_audit_log_calls_the_ballots_final_hash_by_its_name_and_the_record_seal_alone_a_seal()
    {
        var closed = _closed.Events.OfType<JornadaClosed>().Single();

        var entry = AuditLogProjection.Apply(closed, new AuditLog(_closed.Id, [])).Entries.Single();

        Assert.Equal($"Cerró y selló la votación: 3 boletas, hash final de las boletas {closed.Seal.FinalHash}, sello del registro {closed.Record!.Hash}",
            entry.Action);
    }

    [Fact]
    public void the_record_head_is_not_taken_for_the_seal()
    {
        // Any fact linked after the close (none is allowed: the record's rules) would move the head, never the sello del registro.
        var jornada = _closed.Build();
        var moved = jornada with { RecordHead = new string('e', 64) };

        var recordSeal = _closed.Events.OfType<JornadaClosed>().Single().Record!.Hash;

        Assert.Equal("seal_mismatch", Decisions.Refusal(CertifyTallyEndpoint.Decide(moved, new CertifyTally(moved.RecordHead, null), Auditor, Now)));
        Assert.Equal(SealHash, Decisions.Event<TallyCertified>(CertifyTallyEndpoint.Decide(moved, new CertifyTally(recordSeal, null), Auditor, Now)).SealHash);
    }

    [Fact]
    public void a_hash_that_is_not_the_seal_is_refused()
    {
        var otherHash = _closed.Ballots.First().Hash;

        Assert.Equal("seal_mismatch", Decisions.Refusal(
            CertifyTallyEndpoint.Decide(_closed.Build(), new CertifyTally(otherHash, null), Auditor, Now)));
    }

    [Fact]
    public void a_jornada_that_is_not_sealed_yet_is_not_certified()
    {
        Assert.Equal("jornada_not_sealed", Decisions.Refusal(CertifyTallyEndpoint.Decide(
            JornadaBuilder.Preparing().WithOptions().Build(), new CertifyTally(new string('0', 64), null), Auditor, Now)));
        var open = JornadaBuilder.Open().WithOnlineBallots("A").Build();
        Assert.Equal("jornada_not_sealed", Decisions.Refusal(CertifyTallyEndpoint.Decide(
            open, new CertifyTally(open.ChainHead, null), Auditor, Now)));
    }

    [Fact]
    public void a_tally_is_certified_only_once_and_the_second_try_is_told_who_certified_it_when()
    {
        var certified = _closed.Certified().Build();
        var again = CertifyTallyEndpoint.Decide(certified, new CertifyTally(SealHash, null), Auditor, Now);
        Assert.Equal("already_certified", Decisions.Refusal(again));
        Assert.Equal($"El cómputo de esta Jornada ya fue certificado, por auditor@ieeq.test, el {QueretaroTime.Format(certified.CertifiedAt!.Value)} " +
            "(hora del centro de México).", again.Rejection!.Detail);
        Assert.Equal("already_certified", Decisions.Refusal(CertifyTallyEndpoint.Decide(
            _closed.Published("A").Build(), new CertifyTally(SealHash, null), Auditor, Now)));
    }
}

public sealed class when_the_chosen_project_is_published
{
    private static readonly DateTimeOffset Now = JornadaBuilder.Closes.AddDays(2);

    [Fact]
    public void the_winner_of_a_certified_tally_is_published_with_its_title()
    {
        var builder = JornadaBuilder.Open().WithOnlineBallots("B", "A", "B").WithKioskBallots(JornadaBuilder.Kiosk1, "B").Closed().Certified();

        var published = Decisions.Event<ChosenProjectPublished>(PublishChosenProjectEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, Now));

        Assert.Equal((builder.Id, "B", JornadaBuilder.OptionB.Title, JornadaBuilder.Staff, Now),
            (published.JornadaId, published.OptionId, published.Title, published.PublishedBy, published.PublishedAt));
        var jornada = builder.Then(published).Build();
        Assert.Equal((JornadaStatus.Published, "B"), (jornada.Status, jornada.PublishedOptionId));
    }

    [Fact]
    public void a_tie_is_not_broken_and_nothing_is_published()
    {
        var decision = PublishChosenProjectEndpoint.Decide(
            JornadaBuilder.Open().WithOnlineBallots("A", "B", "B", "A").Closed().Certified().Build(), JornadaBuilder.Staff, Now);

        Assert.Equal("tally_tied", Decisions.Refusal(decision));
    }

    [Fact]
    public void a_jornada_without_ballots_has_nothing_to_publish_and_a_new_jornada_decides()
    {
        var refused = PublishChosenProjectEndpoint.Decide(JornadaBuilder.Open().Closed().Certified().Build(), JornadaBuilder.Staff, Now);
        Assert.Equal("no_ballots", Decisions.Refusal(refused));
        // As after a tie (CallNewJornadaEndpoint.WhyVoteAgain takes both): staff and the IEEQ read what follows, not only that nothing is published.
        Assert.EndsWith("ningún proyecto resulta elegido. Se decide en una nueva Jornada, que convoca el Municipio.", refused.Rejection!.Detail);
    }

    [Fact]
    public void nothing_is_published_before_the_ieeq_certifies()
    {
        var builder = JornadaBuilder.Open().WithOnlineBallots("A");
        Assert.Equal("tally_not_certified", Decisions.Refusal(PublishChosenProjectEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, Now)));
        Assert.Equal("tally_not_certified", Decisions.Refusal(PublishChosenProjectEndpoint.Decide(builder.Closed().Build(), JornadaBuilder.Staff, Now)));
    }

    [Fact]
    public void the_chosen_project_is_published_only_once() =>
        Assert.Equal("already_published", Decisions.Refusal(PublishChosenProjectEndpoint.Decide(
            JornadaBuilder.Open().WithOnlineBallots("A").Closed().Certified().Published("A").Build(), JornadaBuilder.Staff, Now)));
}
