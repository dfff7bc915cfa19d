using System.Text.Json;
using WarningSystem.Ingest;

namespace WarningSystem.Tests.Ingest;

public class IncomingEventTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    static (PendingEvent? Event, List<(string Field, string Error)> Errors) Parse(string json) =>
        IncomingEvent.Parse("clinic-1", JsonDocument.Parse(json).RootElement, Now);

    static string Envelope(string type, string data, string occurredAt = "2026-11-20T10:00:00Z") =>
        $$"""{"eventId":"e-1","patientId":"p-1","type":"{{type}}","occurredAt":"{{occurredAt}}","recordedBy":"nurse-7","data":{{data}}}""";

    [Theory]
    [InlineData("TreatmentPlanPrescribed", """{"drug":"ketamine","route":"IV","doseMgPerKg":0.5,"maxSessionsPerWeek":2,"prescriber":"dr-a"}""")]
    [InlineData("RiskScreeningRecorded", """{"instrument":"DAST-10","score":3,"substanceUseHistory":true,"familyHistory":false,"recreationalUse":false}""")]
    [InlineData("SessionAttended", """{"sessionId":"s-1","scheduled":true}""")]
    [InlineData("DoseGiven", """{"sessionId":"s-1","drug":"esketamine","route":"intranasal","doseMg":56}""")]
    [InlineData("CravingReported", """{"intensity":0}""")]
    [InlineData("OffScheduleRequest", """{"kind":"take-home","channel":"phone"}""")]
    [InlineData("MissedFollowUp", """{"appointmentId":"a-1","scheduledFor":"2026-11-19T09:00:00+01:00"}""")]
    [InlineData("WithdrawalSymptomsReported", """{"symptoms":["low-mood","insomnia"],"severity":"moderate"}""")]
    [InlineData("DoseIncreaseAuthorized", """{"newDoseMg":84,"authorizedBy":"dr-a"}""")]
    [InlineData("FollowUpScheduled", """{"appointmentId":"a-1","scheduledFor":"2026-11-27T09:00:00+01:00"}""")]
    [InlineData("FollowUpCancelled", """{"appointmentId":"a-1"}""")]
    public void every_event_type_parses_into_its_record(string type, string data)
    {
        var (pending, errors) = Parse(Envelope(type, data));

        errors.ShouldBeEmpty();
        pending.ShouldNotBeNull();
        pending.Data.GetType().Name.ShouldBe(type);
        pending.OccurredAt.ShouldBe(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        pending.RecordedBy.ShouldBe("nurse-7");
    }

    [Fact]
    public void a_dose_without_mg_per_kg_gets_it_derived_from_weight()
    {
        var (pending, _) = Parse(Envelope("DoseGiven", """{"sessionId":"s","drug":"ketamine","route":"IV","doseMg":35,"weightKg":70}"""));

        pending!.Data.ShouldBeOfType<DoseGiven>().DoseMgPerKg.ShouldBe(0.5m);
    }

    [Fact]
    public void every_missing_envelope_field_is_named()
    {
        var (pending, errors) = Parse("{}");

        pending.ShouldBeNull();
        errors.Select(e => e.Field).ShouldBe(["eventId", "patientId", "recordedBy", "occurredAt", "type", "data"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("CravingReported", """{"intensity":11}""", "data.intensity")]
    [InlineData("CravingReported", """{"intensity":-1}""", "data.intensity")]
    [InlineData("CravingReported", """{"intensity":"high"}""", "data.intensity")]
    [InlineData("CravingReported", """{"intensity":5,"mood":"bad"}""", "data.mood")]
    [InlineData("DoseGiven", """{"sessionId":"s","drug":"ketamine","route":"IV","doseMg":-5}""", "data.doseMg")]
    [InlineData("DoseGiven", """{"sessionId":"s","drug":"heroin","route":"IV","doseMg":5}""", "data.drug")]
    [InlineData("DoseGiven", """{"sessionId":"s","drug":"ketamine","route":"IV","doseMg":35,"weightKg":70,"doseMgPerKg":0.9}""", "data.doseMgPerKg")]
    [InlineData("DoseGiven", """{"drug":"ketamine","route":"IV","doseMg":5}""", "data.sessionId")]
    [InlineData("TreatmentPlanPrescribed", """{"drug":"esketamine","route":"intranasal","maxSessionsPerWeek":2,"prescriber":"dr"}""", "data.doseMg")]
    [InlineData("TreatmentPlanPrescribed", """{"drug":"ketamine","route":"IV","doseMgPerKg":0.5,"maxSessionsPerWeek":0,"prescriber":"dr"}""", "data.maxSessionsPerWeek")]
    [InlineData("WithdrawalSymptomsReported", """{"symptoms":[],"severity":"mild"}""", "data.symptoms")]
    [InlineData("WithdrawalSymptomsReported", """{"symptoms":["tremor"],"severity":"mild"}""", "data.symptoms")]
    [InlineData("MissedFollowUp", """{"appointmentId":"a","scheduledFor":"2026-11-19 09:00"}""", "data.scheduledFor")]
    [InlineData("FollowUpScheduled", """{"appointmentId":"a"}""", "data.scheduledFor")]
    [InlineData("FollowUpCancelled", """{"reason":"moved away"}""", "data.appointmentId")]
    [InlineData("DoseIncreaseAuthorized", """{"newDoseMg":84,"newDoseMgPerKg":1,"authorizedBy":"dr"}""", "data.newDoseMgPerKg")]
    [InlineData("SessionAttended", """{"sessionId":"  ","scheduled":true}""", "data.sessionId")]
    [InlineData("SessionAttended", """[1,2]""", "data")]
    public void bad_data_is_rejected_naming_the_field(string type, string data, string field)
    {
        var (pending, errors) = Parse(Envelope(type, data));

        pending.ShouldBeNull();
        errors.Select(e => e.Field).ShouldContain(field);
    }

    [Fact]
    public void only_the_service_may_mark_a_missed_follow_up_as_system_detected()
    {
        var (claimed, errors) = Parse(Envelope("MissedFollowUp",
            """{"appointmentId":"a-1","scheduledFor":"2026-11-19T09:00:00Z","systemDetected":true}"""));
        var (reported, _) = Parse(Envelope("MissedFollowUp",
            """{"appointmentId":"a-1","scheduledFor":"2026-11-19T09:00:00Z","systemDetected":false}"""));

        claimed.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldBe(("data.systemDetected", "is set only by the service"));
        reported.ShouldNotBeNull().Data.ShouldBe(new MissedFollowUp("a-1", new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void an_unknown_type_is_rejected_listing_the_known_ones()
    {
        var (_, errors) = Parse(Envelope("DoseTaken", "{}"));

        errors.ShouldHaveSingleItem().Field.ShouldBe("type");
        errors[0].Error.ShouldContain("DoseGiven");
    }

    [Theory]
    [InlineData("2026-11-20T12:05:00Z", true)]
    [InlineData("2026-11-20T12:05:01Z", false)]
    [InlineData("2026-11-20T10:00:00", false)]
    [InlineData("yesterday", false)]
    [InlineData("2019-01-01T00:00:00+02:00", true)]
    public void occurred_at_needs_a_zone_and_at_most_five_minutes_of_clock_skew(string occurredAt, bool valid)
    {
        var (pending, errors) = Parse(Envelope("CravingReported", """{"intensity":3}""", occurredAt));

        (pending is not null).ShouldBe(valid);
        if (!valid) errors.ShouldHaveSingleItem().Field.ShouldBe("occurredAt");
    }

    [Theory]
    [InlineData("p/1")]
    [InlineData("-p")]
    [InlineData("p 1")]
    public void patient_ids_that_cannot_stand_in_a_url_are_rejected(string patientId)
    {
        var json = Envelope("CravingReported", """{"intensity":3}""").Replace("\"p-1\"", $"\"{patientId}\"");

        Parse(json).Errors.ShouldHaveSingleItem().Field.ShouldBe("patientId");
    }
}
