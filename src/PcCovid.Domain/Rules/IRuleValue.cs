namespace PcCovid.Domain.Rules;

/// <summary>The typed value of one rule kind. Validated when it is read or written, never trusted as stored.</summary>
public interface IRuleValue
{
    /// <summary>Throws a <see cref="Common.DomainException"/> naming the first field out of its range.</summary>
    void Validate();
}
