namespace PcCovid.Domain.Testing;

/// <summary>The kinds of SARS-CoV-2 test a lab reports.</summary>
public enum LabTestType
{
    /// <summary>RT-PCR (RNA by nucleic acid amplification): LOINC 94500-6, DCC tt LP6464-4.</summary>
    RtPcr = 1,

    /// <summary>Rapid antigen test: LOINC 94558-4, DCC tt LP217198-3.</summary>
    RapidAntigen = 2,
}
