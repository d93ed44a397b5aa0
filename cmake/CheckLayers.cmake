# The layer rules, as a build step (cmake -DSOURCE_DIR=... -P CheckLayers.cmake):
#   engine/  includes no Qt;
#   ui/      includes no torch (torch/, ATen/, c10/) and nothing from engine/;
#   app/     includes no torch and, from the engine, only its public headers (engine/<part>/name.h
#            under engine/include/).
# A broken rule fails the build with the file, the line and the rule.
set(problems "")

function(scan folder regex rule)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${folder}/*.h ${SOURCE_DIR}/${folder}/*.cpp)
  foreach(file ${files})
    file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line ${lines})
      if(line MATCHES "${regex}")
        file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
        set(problems "${problems}\n  ${rel}: ${line}  (${rule})")
      endif()
    endforeach()
  endforeach()
  set(problems "${problems}" PARENT_SCOPE)
endfunction()

scan(engine "[<\"](Q[A-Za-z]+|Qt[A-Za-z]*/)" "engine/ includes no Qt")
scan(ui "[<\"](torch|ATen|c10|engine)/" "ui/ includes no torch and no engine header")
scan(app "[<\"](torch|ATen|c10)/" "app/ includes no torch")

# app/ may include the engine's public headers only.
file(GLOB_RECURSE app_files ${SOURCE_DIR}/app/*.h ${SOURCE_DIR}/app/*.cpp)
foreach(file ${app_files})
  file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"engine/")
  foreach(line ${lines})
    string(REGEX REPLACE ".*\"(engine/[^\"]+)\".*" "\\1" header "${line}")
    if(NOT EXISTS ${SOURCE_DIR}/engine/include/${header})
      file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
      set(problems "${problems}\n  ${rel}: ${line}  (app/ includes only the engine's public headers, engine/include/)")
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "Layer rules broken:${problems}")
endif()
