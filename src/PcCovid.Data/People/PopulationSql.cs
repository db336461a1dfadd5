namespace PcCovid.Data.People;

/// <summary>SQL shared by both providers' population stores (the dialects agree on these statements).</summary>
internal static class PopulationSql
{
    /// <summary>The fifteen columns of <c>people</c> a snapshot line gives, in the order the stores write them.</summary>
    public const string LineColumns =
        "citizen_id, legacy_id_number, full_name, name_key, birth_year, birth_day, sex, nationality, " +
        "province_code, district_code, commune_code, address_line, household_code, relation_to_head, content_hash";

    /// <summary>Every column of <c>people</c> an import writes: the line's, then the run's and the provenance.</summary>
    public const string PersonColumns =
        LineColumns + ", last_import_run_id, created_at_utc, updated_at_utc, " +
        "source_system, source_record_id, received_at_utc, is_authoritative";

    /// <summary>How many columns a comma-separated column list names (a COPY row states its column count).</summary>
    public static short CountOf(string columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return (short)columns.Split(',').Length;
    }

    /// <summary>The SET list of an update from a source row: <paramref name="source"/> is <c>excluded.</c> or a parameter prefix.</summary>
    public static string UpdateAssignments(string source, string run, string now) =>
        $"legacy_id_number = {source}legacy_id_number, full_name = {source}full_name, name_key = {source}name_key, " +
        $"birth_year = {source}birth_year, birth_day = {source}birth_day, sex = {source}sex, nationality = {source}nationality, " +
        $"province_code = {source}province_code, district_code = {source}district_code, commune_code = {source}commune_code, " +
        $"address_line = {source}address_line, household_code = {source}household_code, relation_to_head = {source}relation_to_head, " +
        $"content_hash = {source}content_hash, last_import_run_id = {run}, updated_at_utc = {now}, received_at_utc = {now}";

    /// <summary>Columns of <c>people</c> a population import never writes.</summary>
    private static readonly string[] s_neverWrittenByAnImport = ["passport_number", "merged_into_person_id"];

    /// <summary>
    /// True for a partial index that only rows with a passport or a merge enter: an import gives it no entry, so kept live
    /// it costs a load nothing, while building it afterwards would scan the whole table (0.2 s each at a million people).
    /// </summary>
    public static bool GetsNoEntryFromAnImport(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        int where = definition.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase);
        return where >= 0 && s_neverWrittenByAnImport.Any(column =>
            definition.IndexOf(column + " IS NOT NULL", where, StringComparison.OrdinalIgnoreCase) >= 0);
    }

    /// <summary>A stored index definition made safe to run again (a crash may have come after the rebuild).</summary>
    public static string IfNotExists(string definition) =>
        definition.Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
            .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);

    public const string RegisteredMeanwhile =
        "a person with this line's citizen ID was registered by another writer while the import ran; this line was not kept (line unknown): import the file again to update that person";

    public const string DuplicateInRun = "duplicate citizen ID with different data than an earlier line of this file";
}
