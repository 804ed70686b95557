/*
 * MSVC's __super keyword for g++: `__super::QueryInterface(riid, ppv)` inside a member function calls
 * the base class's QueryInterface, non-virtually, as MSVC does.
 *
 * g++ has no such keyword, but it has __direct_bases(T) (the builtin behind std::tr2::direct_bases):
 * __super names the FIRST direct base of the class whose member function it appears in, found from
 * the type of *this. That is MSVC's answer whenever the class has one base, or the member is declared
 * only in (or through) the first one. MSVC instead looks the member up in every direct base; a macro
 * cannot see the member name that follows it, so that choice is not made here. What goes wrong is a
 * compile or link error rather than a silent call elsewhere, as far as it can be:
 *   - a class without a base: a static_assert names the problem;
 *   - a member the first base lacks: "... is not a member of <first base>";
 *   - a member the first base only declares pure virtual (an interface listed first, the
 *     implementation in a later base): the call needs the pure function's definition, which does not
 *     exist, so the link fails (openwudf_add_driver(WDK) links Linux modules with -z defs for this).
 * Still silent: a member defined in the first base AND in a later one, where MSVC's overload
 * resolution would pick the later one's overload. Name the base explicitly there (Base::Member).
 *
 * Works in class templates (the lookup happens at instantiation), in const member functions and in
 * lambdas inside member functions; not in static member functions (no *this).
 */
#ifndef OPENWUDF_WDK_SUPER_H
#define OPENWUDF_WDK_SUPER_H

/* __direct_bases is GCC's alone: with another compiler __super stays undefined, an error where used. */
#if defined(__cplusplus) && defined(__GNUC__) && !defined(__clang__)
#include <type_traits>

extern "C++" {
namespace openwudf_wdk {

template <class... Bases> struct base_list {};

/* The first of a class's direct bases, or an error that says what is wrong. */
template <class Derived, class List> struct first_base;
template <class Derived, class First, class... Rest> struct first_base<Derived, base_list<First, Rest...>> {
    using type = First;
};
template <class Derived> struct first_base<Derived, base_list<>> {
    static_assert(sizeof(Derived) == 0, "__super used in a member function of a class that has no base class");
};

template <class Derived> struct super_of {
    using bare = std::remove_cv_t<std::remove_reference_t<Derived>>;
    using type = typename first_base<bare, base_list<__direct_bases(bare)...>>::type;
};

template <class Derived> using super_t = typename super_of<Derived>::type;

} // namespace openwudf_wdk
}

#ifndef __super
#define __super openwudf_wdk::super_t<decltype(*this)>
#endif

#endif /* g++ */

#endif /* OPENWUDF_WDK_SUPER_H */
