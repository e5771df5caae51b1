"""factory-boy factories for the foundation's models."""

from __future__ import annotations

import factory

from zicht.core.models import User
from zicht.core.roles import Role
from zicht.geography.models import Address, District, Municipality, Neighbourhood, Province, Region
from zicht.parties.choices import OrganisationKind
from zicht.parties.models import Certification, Organisation


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "PV23"
    name = "Overijssel"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # CBS codes have four digits: the sequence wraps, and each test starts from a clean database anyway.
    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    province = factory.SubFactory(ProvinceFactory)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"WK{o.municipality.code[2:]}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    municipality = factory.SelfAttribute("district.municipality")
    code = factory.LazyAttributeSequence(lambda o, n: f"BU{o.district.code[2:]}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    street = "Hoofdstraat"
    house_number = factory.Sequence(lambda n: n + 1)
    postcode = "7411 AB"
    city = "Deventer"
    municipality = factory.SubFactory(MunicipalityFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.HOUSING_PROVIDER
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    organisation = factory.SubFactory(OrganisationFactory)
    scheme = "snf"
    valid_from = factory.Faker("date_between", start_date="-2y", end_date="-1y")
    valid_until = factory.Faker("date_between", start_date="+30d", end_date="+2y")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.POLICY_OFFICER
    scope_municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
