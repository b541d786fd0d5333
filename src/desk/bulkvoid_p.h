// Internal to the bulk void files (bulkfile.cpp, bulkmanifest.cpp, bulkreport.cpp): the translation
// context their staff-facing texts share. Not for other code.
#pragma once

#include <QCoreApplication>

namespace desk {

// Translation context of the bulk void free functions (lupdate reads it from the macro; BulkVoidJob has
// its own). bulkvoidplan.cpp uses the same context by name.
class BulkVoid
{
    Q_DECLARE_TR_FUNCTIONS(desk::BulkVoid)
};

} // namespace desk
